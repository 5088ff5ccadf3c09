package filegate.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every problem code, grouped as the README (Pre-upload validation) lists them. Codes are part of the sidecar and manifest
 * format: never rename one, add a new one instead.
 */
public final class Codes {
    // any file
    public static final String EMPTY_FILE = "EMPTY_FILE";
    public static final String FILE_TOO_LARGE = "FILE_TOO_LARGE";
    public static final String CONTENT_TYPE_MISMATCH = "CONTENT_TYPE_MISMATCH";
    public static final String TYPE_NOT_ALLOWED = "TYPE_NOT_ALLOWED";
    public static final String PURPOSE_NOT_ALLOWED = "PURPOSE_NOT_ALLOWED";
    // text encoding (JSONL, CSV, txt)
    public static final String UTF8_BOM = "UTF8_BOM";
    public static final String INVALID_UTF8 = "INVALID_UTF8";
    public static final String NUL_BYTE = "NUL_BYTE";
    // JSONL lines
    public static final String BLANK_LINE = "BLANK_LINE";
    public static final String INVALID_JSON = "INVALID_JSON";
    public static final String TRUNCATED_LAST_LINE = "TRUNCATED_LAST_LINE";
    public static final String NOT_AN_OBJECT = "NOT_AN_OBJECT";
    public static final String TRAILING_CONTENT = "TRAILING_CONTENT";
    public static final String JSON_LIMIT_EXCEEDED = "JSON_LIMIT_EXCEEDED";
    // fine-tuning examples (OpenAI and Together)
    public static final String UNKNOWN_FORMAT = "UNKNOWN_FORMAT";
    public static final String AMBIGUOUS_FORMAT = "AMBIGUOUS_FORMAT";
    public static final String MIXED_FORMATS = "MIXED_FORMATS";
    public static final String EXTRA_KEY = "EXTRA_KEY";
    public static final String MESSAGES_INVALID = "MESSAGES_INVALID";
    public static final String MESSAGE_INVALID = "MESSAGE_INVALID";
    public static final String ROLE_INVALID = "ROLE_INVALID";
    public static final String CONTENT_INVALID = "CONTENT_INVALID";
    public static final String WEIGHT_INVALID = "WEIGHT_INVALID";
    public static final String TOOLS_INVALID = "TOOLS_INVALID";
    public static final String TOOL_CALLS_INVALID = "TOOL_CALLS_INVALID";
    public static final String TOOL_MESSAGE_INVALID = "TOOL_MESSAGE_INVALID";
    public static final String NO_ASSISTANT_MESSAGE = "NO_ASSISTANT_MESSAGE";
    public static final String CONSECUTIVE_SAME_ROLE = "CONSECUTIVE_SAME_ROLE";
    public static final String INPUT_INVALID = "INPUT_INVALID";
    public static final String INPUT_ENDS_WITH_ASSISTANT = "INPUT_ENDS_WITH_ASSISTANT";
    public static final String PREFERENCE_OUTPUT_INVALID = "PREFERENCE_OUTPUT_INVALID";
    public static final String PROMPT_COMPLETION_INVALID = "PROMPT_COMPLETION_INVALID";
    public static final String TEXT_INVALID = "TEXT_INVALID";
    public static final String TOO_FEW_EXAMPLES = "TOO_FEW_EXAMPLES";
    // batch requests (OpenAI and Together)
    public static final String CUSTOM_ID_MISSING = "CUSTOM_ID_MISSING";
    public static final String CUSTOM_ID_INVALID = "CUSTOM_ID_INVALID";
    public static final String CUSTOM_ID_TOO_LONG = "CUSTOM_ID_TOO_LONG";
    public static final String DUPLICATE_CUSTOM_ID = "DUPLICATE_CUSTOM_ID";
    public static final String METHOD_INVALID = "METHOD_INVALID";
    public static final String URL_INVALID = "URL_INVALID";
    public static final String URL_MIXED = "URL_MIXED";
    public static final String BODY_INVALID = "BODY_INVALID";
    public static final String TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS";
    // CSV
    public static final String CSV_HEADER_INVALID = "CSV_HEADER_INVALID";
    public static final String CSV_COLUMN_COUNT = "CSV_COLUMN_COUNT";
    public static final String CSV_UNCLOSED_QUOTE = "CSV_UNCLOSED_QUOTE";
    public static final String CSV_NO_ROWS = "CSV_NO_ROWS";
    // Parquet
    public static final String PARQUET_BAD_MAGIC = "PARQUET_BAD_MAGIC";
    public static final String PARQUET_FOOTER_INVALID = "PARQUET_FOOTER_INVALID";
    public static final String PARQUET_COLUMN_NOT_ALLOWED = "PARQUET_COLUMN_NOT_ALLOWED";
    public static final String PARQUET_INPUT_IDS_MISSING = "PARQUET_INPUT_IDS_MISSING";
    public static final String PARQUET_NO_ROWS = "PARQUET_NO_ROWS";
    // documents
    public static final String DOCX_NOT_OOXML = "DOCX_NOT_OOXML";

    /** Code → one-line meaning, in documentation order. */
    public static final Map<String, String> MEANINGS = meanings();

    private Codes() {
    }

    private static Map<String, String> meanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EMPTY_FILE, "the file has no bytes (or, for JSONL, no example line at all)");
        m.put(FILE_TOO_LARGE, "larger than the provider's limit for this purpose (profile limit, batch 200 MB "
                + "OpenAI / 100 MB Together)");
        m.put(CONTENT_TYPE_MISMATCH, "the content is not what the extension says (a zip named .jsonl, a PNG "
                + "named .txt, a .pdf without %PDF-, a .png that is a JPEG, binary data in a text type)");
        m.put(TYPE_NOT_ALLOWED, "the provider does not take this file type for this purpose (OpenAI fine-tune and "
                + "batch: .jsonl only; Together: CSV only for evals, Parquet only for fine-tune; Vaero: .txt and "
                + ".docx only)");
        m.put(PURPOSE_NOT_ALLOWED, "the provider does not take this purpose at all (Vaero: fine-tune only)");
        m.put(UTF8_BOM, "the JSONL, CSV or text file starts with a UTF-8 byte-order mark; Python's json and csv (the providers' checkers) "
                + "refuses it: save without BOM");
        m.put(INVALID_UTF8, "bytes that are not valid UTF-8 (reported once per line)");
        m.put(NUL_BYTE, "a NUL byte in a CSV or text file: binary data with a text extension (once per line)");
        m.put(BLANK_LINE, "an empty or whitespace-only line in a JSONL file");
        m.put(INVALID_JSON, "the line is not valid JSON (the message gives the column)");
        m.put(TRUNCATED_LAST_LINE, "the last line has no final newline and its JSON ends early: the file was cut off");
        m.put(NOT_AN_OBJECT, "the line is valid JSON but not an object");
        m.put(TRAILING_CONTENT, "more than one JSON value on the line");
        m.put(JSON_LIMIT_EXCEEDED, "a value the check reads (role, custom_id, url...) is absurdly long, or nesting "
                + "is deeper than 1000");
        m.put(UNKNOWN_FORMAT, "the example matches no fine-tuning format (chat messages, preference, "
                + "prompt/completion; Together also text)");
        m.put(AMBIGUOUS_FORMAT, "Together: the example has the keys of two formats");
        m.put(MIXED_FORMATS, "the example's format differs from the file's (set by its first example)");
        m.put(EXTRA_KEY, "Together: a key outside the example's format (only `tools` may accompany `messages`)");
        m.put(MESSAGES_INVALID, "`messages` is not a non-empty array");
        m.put(MESSAGE_INVALID, "a message is not an object");
        m.put(ROLE_INVALID, "a message has no role, or one the provider does not know");
        m.put(CONTENT_INVALID, "a message's content is missing or not a string / array of typed parts");
        m.put(WEIGHT_INVALID, "`weight` is not the integer 0 or 1, or sits on a non-assistant message (OpenAI)");
        m.put(TOOLS_INVALID, "`tools` / `functions` is not an array of definitions, each with a `name`"
                + " (and `type: function` for tools)");
        m.put(TOOL_CALLS_INVALID, "a `tool_calls` entry without `id`, `type: function`, `function.name`, or with"
                + " `function.arguments` that is not a string holding JSON (also the legacy `function_call`);"
                + " or tool calls on a message that is not the assistant's");
        m.put(TOOL_MESSAGE_INVALID, "a `tool` message without `tool_call_id`, or answering an id no earlier"
                + " assistant tool call has");
        m.put(NO_ASSISTANT_MESSAGE, "the conversation has no assistant message to learn from");
        m.put(CONSECUTIVE_SAME_ROLE, "Together: two messages in a row have the same role");
        m.put(INPUT_INVALID, "preference `input` is not an object with a `messages` array");
        m.put(INPUT_ENDS_WITH_ASSISTANT, "Together: the last preference input message is the assistant's");
        m.put(PREFERENCE_OUTPUT_INVALID, "`preferred_output` / `non_preferred_output` is not an array of exactly "
                + "one assistant message with content");
        m.put(PROMPT_COMPLETION_INVALID, "`prompt` / `completion` missing or not text");
        m.put(TEXT_INVALID, "Together: `text` is not a string or array of parts");
        m.put(TOO_FEW_EXAMPLES, "fewer examples than the provider's minimum (OpenAI 10, Together 1)");
        m.put(CUSTOM_ID_MISSING, "a batch line without `custom_id`");
        m.put(CUSTOM_ID_INVALID, "`custom_id` is not a string");
        m.put(CUSTOM_ID_TOO_LONG, "Together: `custom_id` longer than 64 characters");
        m.put(DUPLICATE_CUSTOM_ID, "`custom_id` already used on an earlier line (the message names it)");
        m.put(METHOD_INVALID, "OpenAI batch: `method` missing or not \"POST\"");
        m.put(URL_INVALID, "OpenAI batch: `url` missing or not one of the batch endpoints");
        m.put(URL_MIXED, "OpenAI batch: `url` differs from the first line's (one endpoint per batch)");
        m.put(BODY_INVALID, "batch `body` missing or not an object");
        m.put(TOO_MANY_REQUESTS, "more than 50,000 batch lines (reported at line 50,001)");
        m.put(CSV_HEADER_INVALID, "the CSV header row has an empty or repeated column name");
        m.put(CSV_COLUMN_COUNT, "a CSV row has a different number of fields than the header");
        m.put(CSV_UNCLOSED_QUOTE, "a quoted CSV field is still open at the end of the file");
        m.put(CSV_NO_ROWS, "the CSV has a header but no data row");
        m.put(PARQUET_BAD_MAGIC, "no `PAR1` magic at both ends: not a (complete) Parquet file");
        m.put(PARQUET_FOOTER_INVALID, "the Parquet footer (Thrift metadata) cannot be read");
        m.put(PARQUET_COLUMN_NOT_ALLOWED, "Together: a column other than input_ids, attention_mask, labels");
        m.put(PARQUET_INPUT_IDS_MISSING, "Together: no `input_ids` column");
        m.put(PARQUET_NO_ROWS, "the Parquet file has no rows");
        m.put(DOCX_NOT_OOXML, "a .docx that is a zip without word/document.xml (not a Word document)");
        return java.util.Collections.unmodifiableMap(m);
    }
}
