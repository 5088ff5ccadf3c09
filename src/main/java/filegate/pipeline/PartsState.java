package filegate.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One file's way through the Uploads API, shared by the exchanges of its parts. */
final class PartsState {
    /** The calls of the Uploads API, as a person reads them in a log line. */
    enum Call {
        CANCEL("cancel"), CREATE("new upload"), PART("part"), COMPLETE("completion");

        private final String what;

        Call(String what) {
            this.what = what;
        }

        String what() {
            return what;
        }
    }

    String uploadId;
    /** An expired upload of an earlier run, to cancel before starting over. */
    String cancelId;
    long partBytes;
    int parts;
    final Map<Integer, String> partIds = new ConcurrentHashMap<>();
    /** Refused by the provider: not to be resumed. */
    volatile boolean abandoned;

    long partLength(Item item, int n) {
        long offset = (n - 1) * partBytes;
        return Math.min(partBytes, item.bytes() - offset);
    }

    int partCount(Item item) {
        return (int) ((item.bytes() + partBytes - 1) / partBytes);
    }

    /** Parts not confirmed yet, in order. */
    List<Integer> missing() {
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= parts; n++) {
            if (!partIds.containsKey(n)) {
                missing.add(n);
            }
        }
        return missing;
    }
}
