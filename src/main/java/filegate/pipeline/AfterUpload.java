package filegate.pipeline;

import filegate.manifest.ManifestEntry;

/**
 * What happens to an upload once it is recorded: the pipeline only asks these three things, so what
 * follows (waiting for the provider to process the file, filegate.lifecycle) lives apart from it.
 */
public interface AfterUpload {
    AfterUpload NONE = new AfterUpload() {
        @Override
        public boolean awaits(Item item, String provider) {
            return false;
        }

        @Override
        public void uploaded(Item item, Delivery d, ManifestEntry line) {
        }
    };

    /** Whether this item's upload to this provider instance is followed until the provider has processed it. */
    boolean awaits(Item item, String provider);

    /** Called once the {@code uploaded} line is written (for providers {@link #awaits} names). */
    void uploaded(Item item, Delivery d, ManifestEntry line);

    /**
     * Whether a drop-folder file whose deliveries all succeeded waits in {@code .processing/} for a
     * provider's verdict instead of going to {@code .done/} now.
     */
    default boolean holds(Item item) {
        return item.deliveries().stream().anyMatch(d -> d.event() == Delivery.Event.UPLOADED && awaits(item, d.provider().name()));
    }
}
