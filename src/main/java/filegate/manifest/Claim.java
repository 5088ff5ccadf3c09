package filegate.manifest;

/**
 * One claim taken in a shared store: a source item (or the upload of some content) that this node works
 * on alone until it releases it or its lease runs out. {@code version} is the fencing token: every take
 * gets a new one, and a write under an older one is refused (see {@link ClaimLostException}).
 *
 * @param item    what is claimed, e.g. {@code file:inbox:fine-tune/a.jsonl:1234:1717000000000}
 * @param source  the item as people read it (the manifest's source)
 */
public record Claim(String item, long version, String source) {
    /** Exchange property holding the claim a source took for the item in the exchange. */
    public static final String PROPERTY = "fgClaim";

    /** The claimed item of one version of an S3 object. */
    public static String s3Item(String source, String etag) {
        return "s3:" + source + "#" + etag;
    }
}
