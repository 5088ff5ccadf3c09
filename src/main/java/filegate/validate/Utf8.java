package filegate.validate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming UTF-8 validation fused with the newline search, so each byte of a text file is looked at once.
 * Pure ASCII runs go 8 bytes at a time; a multi-byte sequence may be split across calls (the state carries over).
 * Rejects what RFC 3629 rejects: stray continuation bytes, overlong forms, surrogates, code points above U+10FFFF.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    /** Continuation bytes still expected by the current sequence. */
    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;
    /** Set when the current line (since the last {@link #resetLine}) had an invalid byte. */
    boolean invalid;

    void resetLine() {
        invalid = false;
    }

    /** The input ended: a sequence still open is invalid. */
    void endOfInput() {
        if (need > 0) {
            invalid = true;
            need = 0;
            lo = 0x80;
            hi = 0xBF;
        }
    }

    /** True when the input so far ended in the middle of a sequence. */
    boolean incomplete() {
        return need > 0;
    }

    /**
     * Validates {@code b[from, to)} up to the first '\n' and returns its index, or -1 when there is none. A '\n'
     * inside a sequence makes that sequence invalid; the state after a '\n' is clean.
     */
    int scanLine(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (need == 0) {
                // fast path: 8 ASCII bytes with no newline among them
                while (i + 8 <= to) {
                    long v = (long) LONGS.get(b, i);
                    long x = v ^ NEWLINES;
                    long mask = (v & HIGH_BITS) | ((x - ONES) & ~x & HIGH_BITS);
                    if (mask == 0) {
                        i += 8;
                    } else {
                        i += Long.numberOfTrailingZeros(mask) >>> 3;
                        break;
                    }
                }
                if (i >= to) {
                    break;
                }
            }
            int c = b[i];
            if (c == '\n') {
                if (need > 0) {
                    invalid = true;
                    need = 0;
                }
                return i;
            }
            step(c & 0xFF);
            i++;
        }
        return -1;
    }

    /** Feeds one byte; returns false (and marks the line invalid) when it breaks the encoding. */
    boolean step(int u) {
        if (need > 0) {
            if (u >= lo && u <= hi) {
                need--;
                lo = 0x80;
                hi = 0xBF;
                return true;
            }
            need = 0;
            lo = 0x80;
            hi = 0xBF;
            invalid = true;
            start(u);
            return false;
        }
        return start(u);
    }

    private boolean start(int u) {
        if (u < 0x80) {
            return true;
        }
        if (u < 0xC2) {
            invalid = true;
            return false;
        }
        if (u < 0xE0) {
            need = 1;
        } else if (u < 0xF0) {
            need = 2;
            lo = u == 0xE0 ? 0xA0 : 0x80;
            hi = u == 0xED ? 0x9F : 0xBF;
        } else if (u < 0xF5) {
            need = 3;
            lo = u == 0xF0 ? 0x90 : 0x80;
            hi = u == 0xF4 ? 0x8F : 0xBF;
        } else {
            invalid = true;
            return false;
        }
        return true;
    }
}
