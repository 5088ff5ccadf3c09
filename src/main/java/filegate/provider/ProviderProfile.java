package filegate.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static filegate.provider.FileObjects.abbreviate;
import static filegate.provider.FileObjects.number;
import static filegate.provider.FileObjects.text;
import static filegate.provider.FileObjects.time;

import filegate.validate.Checks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one kind of provider expects, as data: where uploads go and how they authenticate, the form
 * fields sent before the file, which canonical purposes it takes and how it spells them, the file
 * types and sizes it accepts per purpose, the status codes that mean success, and how its file object
 * reads. A provider whose answer differs from OpenAI's plugs in its own {@link #recordReader}.
 * <p>
 * A {@link Provider} is one configured instance of a profile; it may override the URL, the auth
 * header, the success codes and the size limit.
 */
public final class ProviderProfile {
    /** The canonical purposes rules may use. */
    public static final Set<String> CANONICAL_PURPOSES =
            Set.of("fine-tune", "batch", "evals", "assistants", "vision", "user_data", "ocr");

    /** Key of {@link #fileTypes} that applies to every purpose without an entry of its own. */
    public static final String ANY_PURPOSE = "*";

    /** One text part of the form; a null value leaves the part out. */
    public record FormField(String name, Function<UploadTask, String> value) {
    }

    public static final FormField PURPOSE = new FormField("purpose", UploadTask::purpose);
    public static final FormField FILE_NAME = new FormField("file_name", UploadTask::filename);
    public static final FormField FILE_TYPE = new FormField("file_type", UploadTask::fileType);
    public static final FormField EXPIRES_AFTER_ANCHOR = new FormField("expires_after[anchor]",
            t -> t.expiresAfterSeconds() == null ? null : "created_at");
    public static final FormField EXPIRES_AFTER_SECONDS = new FormField("expires_after[seconds]",
            t -> t.expiresAfterSeconds() == null ? null : Long.toString(t.expiresAfterSeconds()));

    /** Turns a success body (already known to be a JSON object with an id) into a file record. */
    @FunctionalInterface
    public interface RecordReader {
        FileRecord read(JsonNode fileObject);
    }

    /** OpenAI's file object; also what Vaero, impala and most compatible servers answer. */
    public static final RecordReader OPENAI_FILE = n -> new FileRecord(text(n, "id"), number(n, "bytes"),
            time(n, "created_at"), text(n, "filename"), text(n, "purpose"), text(n, "status"),
            time(n, "expires_at"), null, null);

    public final String type;
    /** Null when every user has their own (then base-url is required). */
    public final String defaultBaseUrl;
    /** Environment variable the api-key defaults to, or null. */
    public final String apiKeyEnv;
    public final boolean keyRequired;
    public final String uploadPath;
    public final String authHeader;
    /** Put before the key in {@link #authHeader}; empty sends the bare key. */
    public final String authScheme;
    /** Text parts, in order; the file part ({@link #filePartName}) follows them. */
    public final List<FormField> formFields;
    public final String filePartName;
    /** Canonical purpose → the provider's spelling; a purpose missing here is refused. */
    public final Map<String, String> purposes;
    /** Canonical purpose (or {@link #ANY_PURPOSE}) → allowed file types; no entry takes any type. */
    public final Map<String, Set<String>> fileTypes;
    public final long maxBytes;
    /** Canonical purpose → a tighter size limit. */
    public final Map<String, Long> maxBytesByPurpose;
    public final Set<Integer> successCodes;
    public final RecordReader recordReader;
    /** How its file object says the provider has finished checking a file; null when it does not say. */
    public final ProcessingStatus.Reader processingStatus;
    /**
     * Path of the provider's file list, used to find an upload whose answer was lost; null when the
     * provider has none (then an interrupted upload can only be retried, and the manifest says so).
     */
    public final String listPath;
    /** How the list pages; null when it takes no query. */
    public final ListQuery listQuery;
    /** Whether the list pages newest first (OpenAI's query), so a search may stop at the first older file. */
    public final boolean listPaged;
    /** Headers every request carries besides the key: a version pin, a beta flag. */
    public final Map<String, String> fixedHeaders;
    /** The validators this type's files go through, by purpose and type. */
    public final Checks checks;
    /**
     * Path of OpenAI's Uploads API (create, parts, complete, cancel) for files above the single-request
     * limit; null when the provider has none.
     */
    public final String uploadsPath;
    /** Whether an instance uses the Uploads API unless told otherwise (uploads-api). */
    public final boolean uploadsByDefault;
    /** The largest file the Uploads API takes; replaces {@link #maxBytes} while the Uploads API is in use. */
    public final long uploadsMaxBytes;

    private ProviderProfile(Builder b) {
        this.type = b.type;
        this.defaultBaseUrl = b.defaultBaseUrl;
        this.apiKeyEnv = b.apiKeyEnv;
        this.keyRequired = b.keyRequired;
        this.uploadPath = b.uploadPath;
        this.authHeader = b.authHeader;
        this.authScheme = b.authScheme;
        this.formFields = List.copyOf(b.formFields);
        this.filePartName = b.filePartName;
        this.purposes = Map.copyOf(b.purposes);
        this.fileTypes = Map.copyOf(b.fileTypes);
        this.maxBytes = b.maxBytes;
        this.maxBytesByPurpose = Map.copyOf(b.maxBytesByPurpose);
        this.successCodes = Set.copyOf(b.successCodes);
        this.recordReader = b.recordReader;
        this.processingStatus = b.processingStatus;
        this.listPath = b.listPath;
        this.listQuery = b.listQuery;
        this.listPaged = b.listQuery != null && b.listQuery.newestFirst();
        this.fixedHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.fixedHeaders));
        this.checks = b.checks;
        this.uploadsPath = b.uploadsPath;
        this.uploadsByDefault = b.uploadsByDefault;
        this.uploadsMaxBytes = b.uploadsMaxBytes;
    }

    /**
     * The query parameter names of a paged file list, each null where the list does not take it, and whether
     * it lists newest first.
     */
    public record ListQuery(String purpose, String limit, String order, String after, boolean newestFirst) {
        /** OpenAI's: {@code purpose}, {@code limit}, {@code order=desc}, cursor {@code after}. */
        public static final ListQuery OPENAI = new ListQuery("purpose", "limit", "order", "after", true);
    }

    /** One page of the file list. */
    public record ListPage(List<FileRecord> files, boolean hasMore, String lastId) {
    }

    /** Reads a list answer: {@code {"data":[file...], "has_more", "last_id"}} or a bare array. */
    public ListPage parseList(String body) {
        JsonNode n;
        try {
            n = FileObjects.JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the file list is not JSON: " + abbreviate(body));
        }
        JsonNode data = n.isArray() ? n : n.path("data");
        List<FileRecord> files = new ArrayList<>();
        for (JsonNode f : data) {
            if (f.isObject() && text(f, "id") != null) {
                files.add(recordReader.read(f));
            }
        }
        return new ListPage(files, n.path("has_more").asBoolean(false), text(n, "last_id"));
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** A builder holding this profile's data, to derive a related profile from it. */
    public Builder toBuilder(String newType) {
        Builder b = new Builder(newType);
        b.defaultBaseUrl = defaultBaseUrl;
        b.apiKeyEnv = apiKeyEnv;
        b.keyRequired = keyRequired;
        b.uploadPath = uploadPath;
        b.authHeader = authHeader;
        b.authScheme = authScheme;
        b.formFields = new ArrayList<>(formFields);
        b.filePartName = filePartName;
        b.purposes = new LinkedHashMap<>(purposes);
        b.fileTypes = new LinkedHashMap<>(fileTypes);
        b.maxBytes = maxBytes;
        b.maxBytesByPurpose = new LinkedHashMap<>(maxBytesByPurpose);
        b.successCodes = new TreeSet<>(successCodes);
        b.recordReader = recordReader;
        b.processingStatus = processingStatus;
        b.listPath = listPath;
        b.listQuery = listQuery;
        b.fixedHeaders = new LinkedHashMap<>(fixedHeaders);
        b.checks = checks;
        b.uploadsPath = uploadsPath;
        b.uploadsByDefault = uploadsByDefault;
        b.uploadsMaxBytes = uploadsMaxBytes;
        return b;
    }

    /** Whether an {@code expires_after} can be sent at all. */
    public boolean supportsExpiry() {
        return formFields.contains(EXPIRES_AFTER_SECONDS);
    }

    /** Allowed file types for a canonical purpose, or null when any type goes. */
    public Set<String> fileTypesFor(String canonicalPurpose) {
        Set<String> own = fileTypes.get(canonicalPurpose);
        return own != null ? own : fileTypes.get(ANY_PURPOSE);
    }

    /** This profile's size limit for a purpose. */
    public long maxBytesFor(String canonicalPurpose) {
        return maxBytesFor(canonicalPurpose, false);
    }

    /** This profile's size limit for a purpose, with or without the Uploads API in use. */
    public long maxBytesFor(String canonicalPurpose, boolean uploadsApi) {
        long limit = uploadsApi && uploadsPath != null ? uploadsMaxBytes : maxBytes;
        return Math.min(limit, maxBytesByPurpose.getOrDefault(canonicalPurpose, Long.MAX_VALUE));
    }

    /** Builds this attempt's body; a new one per attempt, so a retry never reuses a spent stream. */
    public MultipartBody body(UploadTask task) {
        MultipartBody.Builder b = MultipartBody.builder();
        // metadata first: a streaming server can refuse a bad purpose before reading the file
        for (FormField f : formFields) {
            String v = f.value().apply(task);
            if (v != null) {
                b.text(f.name(), v);
            }
        }
        b.file(filePartName, task.filename(), MimeTypes.of(task.fileType()), task.file(), 0, task.bytes());
        return b.build();
    }

    /** Reads a success body into a file record; throws when it has no id. */
    public FileRecord parseRecord(int status, String body) {
        JsonNode n;
        try {
            n = FileObjects.JSON.readTree(body);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || !n.isObject() || text(n, "id") == null) {
            throw new UploadException(new ProviderError(status, "answered " + status
                    + " but the body is not a file object: " + abbreviate(body), null, "unreadable_response",
                    null, null), "check that base-url and upload-path point at the provider's Files API;"
                    + " the provider may have stored the file anyway, so check its file list before retrying", true);
        }
        return recordReader.read(n);
    }

    /** Reads an error body; see {@link FileObjects#parseError}. */
    public ProviderError parseError(int status, String body, String requestId) {
        return FileObjects.parseError(status, body, requestId);
    }

    /** Fluent construction of a profile; defaults are OpenAI's conventions. */
    public static final class Builder {
        private final String type;
        private String defaultBaseUrl;
        private String apiKeyEnv;
        private boolean keyRequired;
        private String uploadPath = "/files";
        private String authHeader = "Authorization";
        private String authScheme = "Bearer";
        private List<FormField> formFields = new ArrayList<>(List.of(PURPOSE));
        private String filePartName = "file";
        private Map<String, String> purposes = new LinkedHashMap<>();
        private Map<String, Set<String>> fileTypes = new LinkedHashMap<>();
        private long maxBytes = Long.MAX_VALUE;
        private Map<String, Long> maxBytesByPurpose = new LinkedHashMap<>();
        private Set<Integer> successCodes = new TreeSet<>(Set.of(200));
        private RecordReader recordReader = OPENAI_FILE;
        private ProcessingStatus.Reader processingStatus;
        private String listPath;
        private ListQuery listQuery;
        private Map<String, String> fixedHeaders = new LinkedHashMap<>();
        private Checks checks = Checks.NONE;
        private String uploadsPath;
        private boolean uploadsByDefault;
        private long uploadsMaxBytes;

        private Builder(String type) {
            this.type = type;
        }

        public Builder baseUrl(String url) {
            this.defaultBaseUrl = url;
            return this;
        }

        /** The environment variable holding the key; {@code required} makes a missing key a start-up error. */
        public Builder apiKey(String envVariable, boolean required) {
            this.apiKeyEnv = envVariable;
            this.keyRequired = required;
            return this;
        }

        public Builder uploadPath(String path) {
            this.uploadPath = path;
            return this;
        }

        public Builder auth(String header, String scheme) {
            this.authHeader = header;
            this.authScheme = scheme;
            return this;
        }

        public Builder formFields(FormField... fields) {
            this.formFields = new ArrayList<>(List.of(fields));
            return this;
        }

        /** Canonical purpose → provider spelling, as alternating pairs. */
        public Builder purposes(String... canonicalThenProvider) {
            this.purposes = new LinkedHashMap<>();
            for (int i = 0; i < canonicalThenProvider.length; i += 2) {
                // a purpose only some providers have (Mistral's ocr) is its own canonical name; a synonym is not
                if (Purposes.SYNONYMS.containsKey(canonicalThenProvider[i])) {
                    throw new IllegalArgumentException(canonicalThenProvider[i] + " is a synonym: use "
                            + Purposes.SYNONYMS.get(canonicalThenProvider[i]));
                }
                purposes.put(canonicalThenProvider[i], canonicalThenProvider[i + 1]);
            }
            return this;
        }

        /** Only these file types for this canonical purpose ({@link #ANY_PURPOSE} for all). */
        public Builder fileTypes(String canonicalPurpose, String... types) {
            fileTypes.put(canonicalPurpose, Set.of(types));
            return this;
        }

        public Builder maxBytes(long bytes) {
            this.maxBytes = bytes;
            return this;
        }

        public Builder maxBytes(String canonicalPurpose, long bytes) {
            maxBytesByPurpose.put(canonicalPurpose, bytes);
            return this;
        }

        public Builder successCodes(Integer... codes) {
            this.successCodes = new TreeSet<>(List.of(codes));
            return this;
        }

        /** The file list endpoint; {@code paged} when it takes purpose/limit/order/after like OpenAI's. */
        public Builder list(String path, boolean paged) {
            return list(path, paged ? ListQuery.OPENAI : null);
        }

        /** The file list endpoint and its paging query (null: a plain GET answers the whole list). */
        public Builder list(String path, ListQuery query) {
            this.listPath = path;
            this.listQuery = query;
            return this;
        }

        /** A header every request carries besides the key (a version pin, a beta flag). */
        public Builder header(String name, String value) {
            fixedHeaders.put(name, value);
            return this;
        }

        /** The validators this type's files go through (see {@link Checks.Builder}). */
        public Builder checks(Checks checks) {
            this.checks = checks;
            return this;
        }

        /**
         * OpenAI's Uploads API at {@code path}: files above the single-request limit go in parts, up to
         * {@code maxBytes} in total; {@code onByDefault} false leaves it to each instance to switch on.
         */
        public Builder uploadsApi(String path, boolean onByDefault, long maxBytes) {
            this.uploadsPath = path;
            this.uploadsByDefault = onByDefault;
            this.uploadsMaxBytes = maxBytes;
            return this;
        }

        public Builder recordReader(RecordReader reader) {
            this.recordReader = reader;
            return this;
        }

        public Builder processingStatus(ProcessingStatus.Reader reader) {
            this.processingStatus = reader;
            return this;
        }

        public ProviderProfile build() {
            return new ProviderProfile(this);
        }
    }
}
