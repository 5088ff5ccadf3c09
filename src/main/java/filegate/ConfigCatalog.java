package filegate;

import java.util.List;

/**
 * Every setting with its default and meaning: the source of docs/configuration.md, which is generated
 * from {@link #markdown()} (ConfigCatalogTest fails when the checked-in page differs, when a key of
 * {@link ConfigKeys} is missing here, or when a default here differs from the shipped
 * application.properties). Kept apart from ConfigKeys, which decides what is accepted; this only says it.
 */
public final class ConfigCatalog {
    /**
     * One setting.
     *
     * @param dflt    the default as Markdown: {@code `value`}, {@code *(empty)*} or words when it depends
     * @param meaning what it does, in Markdown, one line
     */
    public record Key(String name, String dflt, String meaning) {
        /** The default as a value: {@code `x`} is x, {@code *(empty)*} is ""; null when it is words. */
        public String value() {
            if (dflt.equals(EMPTY)) {
                return "";
            }
            return dflt.length() >= 2 && dflt.startsWith("`") && dflt.endsWith("`")
                    ? dflt.substring(1, dflt.length() - 1) : null;
        }
    }

    public record Section(String title, String intro, List<Key> keys) {
    }

    static final String EMPTY = "*(empty)*";

    private static Key key(String name, String dflt, String meaning) {
        return new Key(name, dflt, meaning);
    }

    private static String v(String value) {
        return "`" + value + "`";
    }

    public static final List<Section> SECTIONS = List.of(
            new Section("Drop folders and the manifest", "The shipped `inbox` source in `routes/sources.camel.yaml`"
                    + " reads these; more folders are more `drop-folder` blocks there ([operations](operations.md)).",
                    List.of(
                    key("filegate.inbox", v("inbox"), "the drop folder, watched recursively (created if missing)"),
                    key("filegate.inbox.stable-ms", v("2000"), "a file is taken only once it has not changed for this"
                            + " many milliseconds (0..86400000)"),
                    key("filegate.inbox.poll-ms", v("1000"), "milliseconds between scans of a drop folder"
                            + " (1..86400000)"),
                    key("filegate.inbox.max-files-per-scan", v("1000"), "a scan takes at most this many files and the"
                            + " next follows at once while scans find files; it also bounds the files waiting for an"
                            + " upload thread, so memory stays flat for a folder of any size; `0` = the whole folder"
                            + " in one scan"),
                    key("filegate.inbox.exclude", v("**/*.part,**/*.tmp,**/*.crdownload,**/*.swp,**/~$*"), "ant globs"
                            + " of files never taken (partial downloads, editor files); dot-files are never taken"),
                    key("filegate.inbox.follow-links", v("inside"), "links in the drop folder: `inside` takes a link"
                            + " only when its real path stays in the folder, `never` none, `always` every link (unsafe"
                            + " when others can write the folder); a refused link is recorded and left alone"
                            + " ([shared folders](shared-folders.md))"),
                    key("filegate.manifest", v("manifest.jsonl"), "the append-only record of every outcome"
                            + " ([manifest](manifest.md)); `<manifest>.lock` beside it marks its one writer"))),
            new Section("Where files go and how", null, List.of(
                    key("filegate.provider", v("openai"), "provider instance(s) a file goes to when its rule names none;"
                            + " a comma list sends it to each ([providers](providers.md))"),
                    key("filegate.dedup", v("skip"), "`skip`: bytes already uploaded to a provider for a purpose are not"
                            + " sent again (a `duplicate` line) unless that upload expired or is gone; `verify`: also"
                            + " ask the provider for the id first (one GET per id and run); `upload-anyway`: always"
                            + " send ([dedup](dedup.md))"),
                    key("filegate.parallel-files", v("4"), "files hashed, checked and uploaded at the same time,"
                            + " whatever their source (drop folders and S3 alike; an S3 object is downloaded by the"
                            + " thread that uploads it) (1..256); one more while a full scan's worth waits and the"
                            + " scanning thread takes one"),
                    key("filegate.progress-seconds", v("10"), "an upload running longer logs bytes sent, percent, rate"
                            + " and ETA this often (0..3600, `0` = never); an Uploads API transfer is one line"),
                    key("filegate.rules.defaults", v("true"), "`false` turns the built-in naming rules off"
                            + " ([naming rules](naming-rules.md))"))),
            new Section("Retries, pacing and reconciliation", "Retried: 408, 409, 429, 5xx and network errors;"
                    + " `x-should-retry` wins. The HTTP client's own retries are off.", List.of(
                    key("filegate.retry.max-attempts", v("5"), "attempts per upload, the first included (1..100)"),
                    key("filegate.retry.initial-delay-ms", v("500"), "backoff before the second attempt, doubled each"
                            + " time, with jitter (0..3600000)"),
                    key("filegate.retry.max-delay-ms", v("8000"), "longest computed backoff (0..3600000)"),
                    key("filegate.retry.max-retry-after-seconds", v("120"), "longest `Retry-After` / `retry-after-ms`"
                            + " honoured (0..86400); a longer ask waits this long"),
                    key("filegate.retry.max-wait-seconds", v("600"), "a 429 that says when to come back is a wait, not a"
                            + " failed attempt: such waits do not count against `max-attempts`, only against this"
                            + " budget per file (0..86400); a file fails only when it runs out, saying so"),
                    key("filegate.pacing.follow-headers", v("true"), "pace each provider account (base URL + key) by"
                            + " the `x-ratelimit-*` headers it sends and pause it after a 429; `false`: only the"
                            + " budgets set per instance ([rate limits](rate-limits.md))"),
                    key("filegate.reconcile.clock-skew-seconds", v("60"), "a provider file dated up to this long before"
                            + " our `intent` still counts as ours when an interrupted upload is looked up (0..3600)"))),
            new Section("After the upload", "Waiting for the provider to process each file"
                    + " ([after the upload](after-upload.md)).", List.of(
                    key("filegate.await-processed", v("false"), "`true`: after `uploaded`, poll `GET {base}/files/{id}`"
                            + " until the provider says processed (a `processed` line; the file goes to `.done/`) or"
                            + " error (`processing_failed`; the file goes to `.failed/`), for every provider that can"
                            + " say; meanwhile the file waits in `.processing/`"),
                    key("filegate.await-processed.timeout-seconds", v("3600"), "a file still not processed this long"
                            + " after its upload is recorded as `processing_failed` (`processing_timeout`) (1..604800);"
                            + " `--sync` waits at most this long"),
                    key("filegate.await-processed.initial-delay-ms", v("2000"), "first poll this long after the"
                            + " upload; doubled after each answer that says not yet (1..3600000)"),
                    key("filegate.await-processed.max-delay-ms", v("60000"), "longest pause between two polls of one"
                            + " file (1..3600000); a `Retry-After` wins"))),
            new Section("Start-up probe", "See [operations](operations.md#start-up-probe).", List.of(
                    key("filegate.probe.enabled", v("true"), "one authenticated GET of each provider's file list"
                            + " before the first file, and every interval in watch mode; `false` skips it and the"
                            + " `provider:*` health checks"),
                    key("filegate.probe.interval-seconds", v("30"), "seconds between re-probes in watch mode: how soon"
                            + " readiness follows a provider going down or back up (1..86400)"),
                    key("filegate.probe.timeout-ms", v("10000"), "a probe's connect and answer timeout (100..600000);"
                            + " a shorter `camel.component.http.connect-timeout` / `response-timeout` wins"))),
            new Section("TLS and proxies", "For every outbound call: uploads, file lists, the probe and S3."
                    + " Proxies come from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (either case), or from"
                    + " `camel.component.http.proxy-host`/`-port`, which win; see [network](network.md).", List.of(
                    key("filegate.tls.trust-store", EMPTY, "extra CA certificates to trust, e.g. a private CA: a PEM"
                            + " bundle or a PKCS#12/JKS trust store; added to the JVM's own CAs"),
                    key("filegate.tls.trust-store-type", EMPTY, "`PEM`, `PKCS12` or `JKS`; empty = PEM when the file"
                            + " is PEM text, else PKCS12"),
                    key("filegate.tls.trust-store-password", EMPTY, "the trust store's password, if it has one"
                            + " (`{{env:NAME}}` keeps it out of the file)"),
                    key("filegate.tls.trust-store-only", v("false"), "`true`: trust only that store, not the JVM's"
                            + " CAs"))),
            new Section("Several nodes", "Several Filegate processes on one PostgreSQL store; see"
                    + " [several nodes](several-nodes.md).", List.of(
                    key("filegate.store", "none", "`jdbc:postgresql://host:5432/db`: the shared store instead of the"
                            + " JSONL manifest (claims per file, dedup across nodes); unset, the manifest file"),
                    key("filegate.store.user", "none", "the database user"),
                    key("filegate.store.password", "none", "the password, only as `{{env:FILEGATE_STORE_PASSWORD}}`"),
                    key("filegate.store.password-file", "none", "a file holding the password (a trailing newline is"
                            + " dropped)"),
                    key("filegate.store.pool-size", "`10`", "connections in the pool (HikariCP)"),
                    key("filegate.store.lease-seconds", "`30`", "how long a claim lasts without renewal: how soon a"
                            + " dead node's files are taken over"),
                    key("filegate.node-id", "host name + pid", "this node's name in the store, health and metrics"))),
            new Section("Naming rules", "`filegate.rules[N].*`, tried in index order before the built-in rules;"
                    + " the first match decides ([naming rules](naming-rules.md)).", List.of(
                    key("filegate.rules[N].match", "required", "ant glob on the path relative to the source (`**/`,"
                            + " `*`, `?`, `{a,b}`; case-insensitive), or `regex:` + a Java regex whose named groups"
                            + " `purpose`, `type`, `provider` fill those fields"),
                    key("filegate.rules[N].name", v("rule-N"), "name recorded in the manifest"),
                    key("filegate.rules[N].purpose", "from the regex", "`fine-tune`, `batch`, `evals`, `assistants`,"
                            + " `vision`, `user_data` or `ocr`; required unless the regex has a `purpose` group"),
                    key("filegate.rules[N].file-type", "the extension", "file type to declare instead"),
                    key("filegate.rules[N].providers", v("filegate.provider"), "provider instances, comma separated:"
                            + " the file goes to each"),
                    key("filegate.rules[N].expires-after-seconds", "none", "ask the provider to expire the file"
                            + " (3600..2592000)"),
                    key("filegate.rules[N].min-bytes", "none", "the rule applies only to files at least this large"),
                    key("filegate.rules[N].max-bytes", "none", "the rule applies only to files at most this large"),
                    key("filegate.rules[N].await-processed", v("false"), "`true`: this rule's files wait in"
                            + " `.processing/` until each provider that can say has processed them"
                            + " ([after the upload](after-upload.md))"))),
            new Section("Provider instances", "`filegate.providers.<name>.*`, where `<name>` is what `filegate.provider` and"
                    + " rules name; defaults are per type ([providers](providers.md)). Every value is checked at"
                    + " start-up.", List.of(
                    key("filegate.providers.<name>.type", "the name", "`openai`, `together`, `vaero`, `impala`,"
                            + " `openai-compatible`, `anthropic` or `mistral`"),
                    key("filegate.providers.<name>.base-url", "per type", "API root, `http(s)://`, no query, no"
                            + " credentials; `openai`, `together`, `vaero`, `anthropic`, `mistral` have one, `impala` and `openai-compatible`"
                            + " need it"),
                    key("filegate.providers.<name>.api-key", "the type's variable", "the key, only as `{{env:NAME}}`;"
                            + " unset, `OPENAI_API_KEY`, `TOGETHER_API_KEY`, `VAERO_API_KEY`, `ANTHROPIC_API_KEY` or"
                            + " `MISTRAL_API_KEY` (required for those"
                            + " types, optional for `impala` and `openai-compatible`); a literal key gives a start-up"
                            + " warning ([secrets](secrets.md))"),
                    key("filegate.providers.<name>.api-key-file", "none", "a file holding the key (a trailing newline"
                            + " is dropped; a warning if others may read it); else the type's variable, else"
                            + " `<VARIABLE>_FILE`, e.g. `OPENAI_API_KEY_FILE` ([secrets](secrets.md))"),
                    key("filegate.providers.<name>.expires-after-seconds", "none", "expiry asked for when the rule sets"
                            + " none (3600..2592000); `openai`, `impala`, `openai-compatible` only"),
                    key("filegate.providers.<name>.upload-path", "per type", "path after `base-url` (`/files`, Together"
                            + " `/files/upload`, impala `/v1/files`)"),
                    key("filegate.providers.<name>.auth-header", v("Authorization"), "header that carries the key"
                            + " (Azure: `api-key`)"),
                    key("filegate.providers.<name>.auth-scheme", v("Bearer"), "word before the key; empty sends the"
                            + " bare key"),
                    key("filegate.providers.<name>.query", "none", "extra query parameters, `name=value&name=value`"
                            + " (Azure: `api-version=2024-10-21`)"),
                    key("filegate.providers.<name>.success-codes", v("200"), "HTTP statuses that mean stored"
                            + " (`openai-compatible`: `200,201`)"),
                    key("filegate.providers.<name>.max-bytes", "per type", "largest file sent; replaces every limit of"
                            + " the type"),
                    key("filegate.providers.<name>.uploads-api", "`true` for `openai`", "OpenAI's Uploads API for"
                            + " large files; `false` for `openai-compatible` unless set; refused for other types"),
                    key("filegate.providers.<name>.parts-threshold-bytes", "the one-request limit (512 MB)", "files"
                            + " larger than this go in parts through the Uploads API"),
                    key("filegate.providers.<name>.part-size-bytes", v("67108864"), "bytes per part (the last may be"
                            + " smaller), 1..67108864 (64 MiB)"),
                    key("filegate.providers.<name>.parts-in-flight", v("4"), "part requests sent to this instance at"
                            + " once, shared by all its files (1..16)"),
                    key("filegate.providers.<name>.requests-per-minute", "none", "requests to this account per minute,"
                            + " spread evenly; instances with the same base URL and key share it, the lowest wins"
                            + " ([rate limits](rate-limits.md))"),
                    key("filegate.providers.<name>.bytes-per-minute", "none", "request body bytes to this account per"
                            + " minute; a large file goes at once and the requests after it wait for its bytes"),
                    key("filegate.providers.<name>.max-in-flight", "none", "requests open at once to this account"
                            + " (uploads, parts, file lists), whatever `filegate.parallel-files` says"),
                    key("filegate.providers.<name>.await-processed", "`filegate.await-processed`", "wait for this"
                            + " instance to process each upload; `true` is a start-up error for a type that cannot"
                            + " say (`vaero`) ([after the upload](after-upload.md))"))),
            new Section("S3 source", "`filegate.s3.*`, read by the shipped `s3` source in `routes/sources.camel.yaml`; it is off"
                    + " while no bucket is set ([S3](s3.md)).", List.of(
                    key("filegate.s3.bucket", EMPTY, "the bucket to read; empty keeps the S3 source off"),
                    key("filegate.s3.prefixes", EMPTY, "key prefixes, comma separated (end each with `/`); rules see"
                            + " keys relative to them; empty = the whole bucket"),
                    key("filegate.s3.region", EMPTY, "AWS region; empty = the SDK's region chain, or `us-east-1` with"
                            + " an endpoint"),
                    key("filegate.s3.endpoint", EMPTY, "URL of an S3-compatible store (MinIO, Ceph, ...), with"
                            + " path-style requests; empty = AWS"),
                    key("filegate.s3.access-key", "the AWS credential chain", "static key id, only as `{{env:NAME}}`"
                            + " or `FILEGATE_S3_ACCESS_KEY`"),
                    key("filegate.s3.secret-key", "the AWS credential chain", "static secret, only as `{{env:NAME}}`"
                            + " or `FILEGATE_S3_SECRET_KEY`"),
                    key("filegate.s3.tag", EMPTY, "`key=value` tag added to each uploaded object (its other tags"
                            + " stay)"),
                    key("filegate.s3.copy-prefix", EMPTY, "copy each uploaded object to this prefix + its relative"
                            + " key"),
                    key("filegate.s3.delete", v("false"), "`true` deletes each uploaded object, after the copy if"
                            + " any"),
                    key("filegate.s3.failed-prefix", EMPTY, "failure reports go under this prefix in the bucket;"
                            + " empty = `<manifest folder>/s3-failed/<bucket>/<key>.error.json`"),
                    key("filegate.s3.retry-failed", v("false"), "`true` sends objects whose last outcome failed"
                            + " again on every listing; `false`: each version (ETag) once"),
                    key("filegate.s3.poll-ms", v("60000"), "milliseconds between listings in watch mode"),
                    key("filegate.s3.parallel", EMPTY, "deprecated, no effect (a WARN at start says so):"
                            + " `filegate.parallel-files` decides how many files are in flight, whatever their source"
                            + " ([S3](s3.md#how-many-objects-at-once))"),
                    key("filegate.s3.spool-dir", EMPTY, "where local copies live while they are uploaded; empty ="
                            + " `s3-spool` next to the manifest"))),
            new Section("Camel settings Filegate ships", "Camel's own keys, set in the shipped"
                    + " application.properties or by Filegate.", List.of(
                    key("camel.component.http.connect-timeout", v("10000"), "milliseconds to connect to a provider"),
                    key("camel.component.http.response-timeout", v("600000"), "milliseconds to wait for an answer"),
                    key("camel.component.http.so-timeout", v("600000"), "socket read timeout, milliseconds"),
                    key("camel.component.http.max-total-connections", v("50"), "pooled connections of one camel-http"
                            + " endpoint (camel-http keeps a pool per endpoint: uploads, file lists and the probe each"
                            + " have their own)"),
                    key("camel.component.http.connections-per-route", v("20"), "pooled connections per provider host"),
                    key("camel.component.http.cookie-management-disabled", v("true"), "no cookie jar shared between"
                            + " uploads and providers"),
                    key("camel.component.http.auth-caching-disabled", v("true"), "no HTTP auth cache: the key goes in"
                            + " its header on every request"),
                    key("camel.component.http.connection-state-disabled", v("true"), "no per-connection state"),
                    key("camel.component.http.content-compression-disabled", v("true"), "no compressed answers (they"
                            + " are small JSON)"),
                    key("camel.main.shutdown-timeout", v("30"), "seconds in-flight uploads get after SIGTERM"),
                    key("camel.management.enabled", "`true` watching, `false` for one-shot runs", "serve"
                            + " `/observe/health` and `/observe/metrics`"),
                    key("camel.management.host", v("127.0.0.1"), "address they listen on (`0.0.0.0` = every"
                            + " interface, only behind a firewall)"),
                    key("camel.management.port", v("9876"), "their port; `0` = any free one; from the environment"
                            + " `FILEGATE_MANAGEMENT_PORT`"))),
            new Section("Environment variables", "Besides `FILEGATE_<KEY>` for any key above (upper case, dots and"
                    + " dashes as underscores: `FILEGATE_INBOX_STABLE_MS`).", List.of(
                    key("OPENAI_API_KEY", "none", "key of `openai` instances without `api-key`"),
                    key("TOGETHER_API_KEY", "none", "key of `together` instances without `api-key`"),
                    key("VAERO_API_KEY", "none", "key of `vaero` instances without `api-key`"),
                    key("FILEGATE_HOME", "the working directory", "folder holding application.properties and"
                            + " routes/ (`--config-dir` wins)"),
                    key("FILEGATE_LOG_LEVEL", v("INFO"), "`DEBUG` or `TRACE` for more; no level shows a key"),
                    key("FILEGATE_CAMEL_LOG_LEVEL", v("WARN"), "level of Camel's own loggers"),
                    key("FILEGATE_LOG_FORMAT", v("text"), "`json`: one JSON object per line (Elastic Common Schema)"),
                    key("FILEGATE_MANAGEMENT_PORT", v("9876"), "`camel.management.port` (Camel ignores"
                            + " `CAMEL_MANAGEMENT_PORT`)"))));

    private ConfigCatalog() {
    }

    /**
     * The default of a key as a value, as the code reads it when the key is not set: the one place each
     * default is written (application.properties and the routes' {@code {{key:default}}} placeholders
     * repeat it for readers, and DefaultsTest fails when a copy differs). {@code *(empty)*} is "".
     *
     * @throws IllegalArgumentException for a key without a plain default here (a programming error)
     */
    public static String defaultOf(String name) {
        for (Section s : SECTIONS) {
            for (Key k : s.keys()) {
                if (k.name().equals(name)) {
                    String v = k.value();
                    if (v == null) {
                        throw new IllegalArgumentException(name + " has no plain default in ConfigCatalog: " + k.dflt());
                    }
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(name + " is not in ConfigCatalog");
    }

    /** docs/configuration.md, exactly. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- Generated from src/main/java/filegate/ConfigCatalog.java by ConfigCatalogTest: edit that"
                + " file, not this one. -->\n");
        sb.append("# Configuration\n\n");
        sb.append("Filegate reads `application.properties` and `routes/*.camel.yaml` from `--config-dir DIR`, else"
                + " `$FILEGATE_HOME`, else the working directory. The shipped `application.properties` lists every"
                + " key with a comment; copy it and edit. Precedence: `-Dkey=value`, then the environment"
                + " (`FILEGATE_INBOX` for `filegate.inbox`), then the file.\n\n");
        sb.append("- A `filegate.*` key Filegate does not know stops start-up with exit 2, naming the nearest known"
                + " one; a `FILEGATE_*` variable that matches no key is a warning.\n");
        sb.append("- Every value is checked at start-up; a bad one is one line on stderr naming the key, exit 2,"
                + " before any file is touched.\n");
        sb.append("- Secrets only as `{{env:NAME}}` (or the provider type's variable): never write a key into a"
                + " file.\n");
        sb.append("- Relative paths (`inbox`, `manifest.jsonl`) resolve against the working directory, not the"
                + " configuration folder.\n");
        for (Section s : SECTIONS) {
            sb.append("\n## ").append(s.title()).append("\n\n");
            if (s.intro() != null) {
                sb.append(s.intro()).append("\n\n");
            }
            sb.append("| key | default | meaning |\n|---|---|---|\n");
            for (Key k : s.keys()) {
                sb.append("| `").append(k.name()).append("` | ").append(k.dflt()).append(" | ").append(k.meaning())
                        .append(" |\n");
            }
        }
        return sb.toString();
    }
}
