package filegate.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which validators a provider type's files go through, beyond what every file gets (size, emptiness, content
 * sniffing, JSONL syntax): the purposes and file types it takes, and the validator for each purpose's JSONL and
 * for CSV, plain text and Parquet. A provider profile builds one and names it; this package holds the validators
 * and knows no provider, so a provider added only as a profile gets exactly the checks its profile names.
 */
public final class Checks {
    /** Only the checks every file gets. */
    public static final Checks NONE = builder("the provider").build();

    /** The provider as messages name it ("... takes at most 64"). */
    final String provider;
    /** Purposes taken at all; null takes every purpose. */
    final Set<String> purposes;
    /** Purpose → the only file types taken for it; a purpose without an entry takes any type. */
    final Map<String, Set<String>> types;
    /** Purpose → a fresh line validator per file (they keep state across lines). */
    final Map<String, Supplier<JsonlScanner.Rule>> jsonl;
    final boolean csv;
    final boolean text;
    /** Columns a Parquet file may have, the first one required; null leaves Parquet to the footer check. */
    final List<String> parquetColumns;

    private Checks(Builder b) {
        this.provider = b.provider;
        this.purposes = b.purposes;
        this.types = Map.copyOf(b.types);
        this.jsonl = Map.copyOf(b.jsonl);
        this.csv = b.csv;
        this.text = b.text;
        this.parquetColumns = b.parquetColumns;
    }

    /** @param provider the name messages give the provider, as its profile spells it */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /** Why this purpose and type are refused before the content is read, as [code, message]; null when taken. */
    String[] refusal(String purpose, String type) {
        if (purposes != null && !purposes.contains(purpose)) {
            return new String[] {Codes.PURPOSE_NOT_ALLOWED, provider + " takes files only for "
                    + String.join(", ", purposes.stream().sorted().toList()) + ", not '" + purpose + "'"};
        }
        Set<String> only = types.get(purpose);
        if (only != null && !only.contains(type)) {
            return new String[] {Codes.TYPE_NOT_ALLOWED, provider + " takes only ."
                    + String.join(" and .", only.stream().sorted().toList()) + " files for purpose '" + purpose
                    + "', not ." + type};
        }
        return null;
    }

    /** The line validator for this purpose's JSONL, or null for the syntax checks alone. */
    JsonlScanner.Rule jsonlRule(String purpose) {
        Supplier<JsonlScanner.Rule> s = jsonl.get(purpose);
        return s == null ? null : s.get();
    }

    @Override
    public String toString() {
        return "checks of " + provider;
    }

    /** Names the validators; each method is one validator, described by what it checks. */
    public static final class Builder {
        private final String provider;
        private Set<String> purposes;
        private final Map<String, Set<String>> types = new LinkedHashMap<>();
        private final Map<String, Supplier<JsonlScanner.Rule>> jsonl = new LinkedHashMap<>();
        private boolean csv;
        private boolean text;
        private List<String> parquetColumns;

        private Builder(String provider) {
            this.provider = provider;
        }

        /** Only these purposes; any other is refused (PURPOSE_NOT_ALLOWED) unread. */
        public Builder onlyPurposes(String... canonical) {
            this.purposes = Set.of(canonical);
            return this;
        }

        /** Only these file types for this purpose; any other is refused (TYPE_NOT_ALLOWED) unread. */
        public Builder onlyTypes(String purpose, String... fileTypes) {
            types.put(purpose, Set.of(fileTypes));
            return this;
        }

        /**
         * Chat fine-tuning examples in the strict dialect: every role including developer, content required,
         * weight only on assistant messages, tool answers matching earlier call ids, at least 10 examples.
         */
        public Builder strictChatFineTune(String purpose) {
            String p = provider;
            jsonl.put(purpose, () -> new ChatFineTune(p));
            return this;
        }

        /**
         * Fine-tuning examples of exactly one format each (text, messages, prompt/completion, preference), no
         * extra keys, alternating roles without developer, one format per file, at least one example.
         */
        public Builder multiFormatFineTune(String purpose) {
            String p = provider;
            jsonl.put(purpose, () -> new FormatsFineTune(p));
            return this;
        }

        /**
         * Batch input lines: unique {@code custom_id} of at most {@code maxIdLength} characters, a {@code body}
         * object, at most {@code maxRequests} lines; with {@code endpoints}, also {@code method} POST and one
         * {@code url} among them for the whole file (null: lines carry no method and url).
         */
        public Builder batchLines(String purpose, Set<String> endpoints, int maxIdLength, int maxRequests) {
            String p = provider;
            jsonl.put(purpose, () -> new BatchLines(p, endpoints, maxIdLength, maxRequests));
            return this;
        }

        /** CSV files: UTF-8, a header of unique names, rows of its width, closed quotes, at least one row. */
        public Builder csvTables() {
            this.csv = true;
            return this;
        }

        /** .txt files: UTF-8 throughout, no BOM or NUL; records are lines. */
        public Builder plainText() {
            this.text = true;
            return this;
        }

        /**
         * Tokenized Parquet: only these columns, the first of them required, at least one row.
         */
        public Builder tokenizedParquet(String required, String... optional) {
            List<String> c = new java.util.ArrayList<>();
            c.add(required);
            c.addAll(List.of(optional));
            this.parquetColumns = List.copyOf(c);
            return this;
        }

        public Checks build() {
            return new Checks(this);
        }
    }
}
