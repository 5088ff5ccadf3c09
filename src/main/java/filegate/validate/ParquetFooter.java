package filegate.validate;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what validation needs from a Parquet footer (top-level column names and the row count) by decoding the
 * Thrift compact protocol directly, streaming through the footer with a small buffer: no parquet-hadoop, no
 * Hadoop, no whole-footer copy. Layout: "PAR1" data... FileMetaData (compact Thrift) footer-length (4 bytes LE)
 * "PAR1".
 */
final class ParquetFooter {
    static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 4096;

    final List<String> columns;
    final long rows;

    private ParquetFooter(List<String> columns, long rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /** Thrown with a message a person can act on when the footer is missing or unreadable. */
    static final class Invalid extends Exception {
        final boolean magic;

        Invalid(String message, boolean magic) {
            super(message);
            this.magic = magic;
        }
    }

    static ParquetFooter read(FileChannel ch, long size) throws IOException, Invalid {
        if (size < 12) {
            throw new Invalid("only " + size + " bytes: too short for a Parquet file", true);
        }
        byte[] head = PositionalInput.read(ch, 0, 4);
        byte[] tail = PositionalInput.read(ch, size - 8, 8);
        boolean headOk = java.util.Arrays.equals(head, MAGIC);
        boolean tailOk = java.util.Arrays.equals(tail, 4, 8, MAGIC, 0, 4);
        if (!headOk || !tailOk) {
            throw new Invalid(!headOk && !tailOk ? "no PAR1 magic at start or end: not a Parquet file"
                    : !headOk ? "no PAR1 magic at the start" : "no PAR1 magic at the end: the file is truncated",
                    true);
        }
        long footerLen = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        long footerAt = size - 8 - footerLen;
        if (footerLen == 0 || footerAt < 4) {
            throw new Invalid("footer length " + footerLen + " does not fit in a file of " + size + " bytes", false);
        }
        try {
            return new Reader(new PositionalInput(ch, footerAt, size - 8, 64 * 1024)).fileMetaData();
        } catch (EOFException e) {
            throw new Invalid("footer ends early (" + e.getMessage() + ")", false);
        } catch (IllegalStateException e) {
            throw new Invalid("footer is not valid Thrift: " + e.getMessage(), false);
        }
    }

    /** The slice of the compact protocol FileMetaData needs; unknown fields are skipped by type. */
    private static final class Reader {
        private static final int T_TRUE = 1;
        private static final int T_FALSE = 2;
        private static final int T_BYTE = 3;
        private static final int T_I16 = 4;
        private static final int T_I32 = 5;
        private static final int T_I64 = 6;
        private static final int T_DOUBLE = 7;
        private static final int T_BINARY = 8;
        private static final int T_LIST = 9;
        private static final int T_SET = 10;
        private static final int T_MAP = 11;
        private static final int T_STRUCT = 12;
        private static final int T_UUID = 13;
        private static final int MAX_DEPTH = 64;

        private final PositionalInput in;
        private int depth;

        Reader(PositionalInput in) {
            this.in = in;
        }

        ParquetFooter fileMetaData() throws IOException {
            List<String> top = new ArrayList<>();
            long rows = -1;
            boolean schemaSeen = false;
            int last = 0;
            while (true) {
                int h = in.readByte();
                int type = h & 0x0F;
                if (type == 0) {
                    break;
                }
                int id = fieldId(h, last);
                last = id;
                if (id == 2 && type == T_LIST) {
                    schema(top);
                    schemaSeen = true;
                } else if (id == 3 && type == T_I64) {
                    rows = zigzag(varint());
                } else {
                    skip(type);
                }
            }
            if (!schemaSeen || rows < 0) {
                throw new IllegalStateException("FileMetaData without " + (schemaSeen ? "num_rows" : "schema"));
            }
            return new ParquetFooter(top, rows);
        }

        /** Collects the root's direct children; nested groups are flattened depth-first with num_children. */
        private void schema(List<String> top) throws IOException {
            long n = listSize();
            java.util.ArrayDeque<long[]> open = new java.util.ArrayDeque<>();
            for (long i = 0; i < n; i++) {
                String name = null;
                long children = 0;
                int last = 0;
                while (true) {
                    int h = in.readByte();
                    int type = h & 0x0F;
                    if (type == 0) {
                        break;
                    }
                    int id = fieldId(h, last);
                    last = id;
                    if (id == 4 && type == T_BINARY) {
                        name = string();
                    } else if (id == 5 && type == T_I32) {
                        children = zigzag(varint());
                    } else {
                        skip(type);
                    }
                }
                if (i == 0) {
                    open.push(new long[] {children});
                    continue;
                }
                if (open.isEmpty()) {
                    throw new IllegalStateException("schema has more elements than the root declares");
                }
                if (open.size() == 1) {
                    top.add(name == null ? "" : name);
                }
                open.peek()[0]--;
                if (children > 0) {
                    open.push(new long[] {children});
                }
                while (!open.isEmpty() && open.peek()[0] == 0) {
                    open.pop();
                }
            }
        }

        private int fieldId(int header, int last) throws IOException {
            int delta = header >>> 4;
            return delta != 0 ? last + delta : (int) zigzag(varint());
        }

        private long listSize() throws IOException {
            int h = in.readByte();
            long size = h >>> 4;
            if (size == 15) {
                size = varint();
            }
            return size;
        }

        private String string() throws IOException {
            long len = varint();
            if (len > MAX_NAME) {
                in.skip(len);
                return "(a " + len + "-byte name)";
            }
            byte[] b = new byte[(int) len];
            in.readFully(b, 0, b.length);
            return new String(b, StandardCharsets.UTF_8);
        }

        private void skip(int type) throws IOException {
            switch (type) {
                case T_TRUE, T_FALSE -> {
                }
                case T_BYTE -> in.readByte();
                case T_I16, T_I32, T_I64 -> varint();
                case T_DOUBLE -> in.skip(8);
                case T_UUID -> in.skip(16);
                case T_BINARY -> in.skip(varint());
                case T_LIST, T_SET -> {
                    int h = in.readByte();
                    long size = h >>> 4;
                    if (size == 15) {
                        size = varint();
                    }
                    int et = h & 0x0F;
                    nest();
                    for (long i = 0; i < size; i++) {
                        skipElement(et);
                    }
                    depth--;
                }
                case T_MAP -> {
                    long size = varint();
                    if (size > 0) {
                        int kv = in.readByte();
                        nest();
                        for (long i = 0; i < size; i++) {
                            skipElement(kv >>> 4);
                            skipElement(kv & 0x0F);
                        }
                        depth--;
                    }
                }
                case T_STRUCT -> {
                    nest();
                    int last = 0;
                    while (true) {
                        int h = in.readByte();
                        int t = h & 0x0F;
                        if (t == 0) {
                            break;
                        }
                        last = fieldId(h, last);
                        skip(t);
                    }
                    depth--;
                }
                default -> throw new IllegalStateException("unknown Thrift type " + type);
            }
        }

        /** In containers a bool takes a whole byte, unlike in a field header. */
        private void skipElement(int type) throws IOException {
            if (type == T_TRUE || type == T_FALSE) {
                in.readByte();
            } else {
                skip(type);
            }
        }

        private void nest() {
            if (++depth > MAX_DEPTH) {
                throw new IllegalStateException("nested deeper than " + MAX_DEPTH);
            }
        }

        private long varint() throws IOException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.readByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes");
        }

        private static long zigzag(long n) {
            return (n >>> 1) ^ -(n & 1);
        }
    }
}
