package filegate.pipeline;

import org.apache.camel.Exchange;

/** What the steps of the pipeline share: where a file's state travels, and the names of the shared parts. */
final class Flow {
    /** The exchange property holding the {@link Delivery} a split of {@code direct:ingest} works on. */
    static final String DELIVERY = "fgDelivery";
    /** Registry name of {@link RetrySettings#policy()}, shared by every route that calls a provider. */
    static final String RETRY_POLICY = "filegateRetryPolicy";
    /** Where a file too large for one request goes: the Uploads API ({@link PartsUpload}). */
    static final String UPLOAD_PARTS = "direct:upload-parts";

    private Flow() {
    }

    static boolean startsWithIgnoreCase(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static Item item(Exchange exchange) {
        return exchange.getProperty(Item.PROPERTY, Item.class);
    }

    static Delivery delivery(Exchange exchange) {
        return exchange.getProperty(DELIVERY, Delivery.class);
    }
}
