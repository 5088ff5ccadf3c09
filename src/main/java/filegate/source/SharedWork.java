package filegate.source;

/**
 * Work shared with other nodes, for a one-shot run on several nodes at once: a source is scanned through
 * when a poll finds nothing to take and no other node still holds an item from before that poll (it might
 * still drop it, and then this node must be there to take it over). One process alone shares nothing.
 */
public interface SharedWork {
    SharedWork NONE = new SharedWork() {
        @Override
        public Object pollStarting() {
            return null;
        }

        @Override
        public boolean settled(Object mark) {
            return true;
        }
    };

    /** Called as a poll begins; what it returns goes to {@link #settled} once the poll ends. */
    Object pollStarting();

    /** True when no other node still holds an item it took before the poll that returned {@code mark}. */
    boolean settled(Object mark);
}
