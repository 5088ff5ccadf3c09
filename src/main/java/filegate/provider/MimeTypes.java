package filegate.provider;

import java.util.Map;

/** Content types for file parts; anything unknown goes as application/octet-stream. */
public final class MimeTypes {
    private static final Map<String, String> BY_TYPE = Map.ofEntries(
            Map.entry("jsonl", "application/jsonl"),
            Map.entry("json", "application/json"),
            Map.entry("csv", "text/csv"),
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("parquet", "application/vnd.apache.parquet"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"));

    private MimeTypes() {
    }

    public static String of(String fileType) {
        return BY_TYPE.getOrDefault(fileType, "application/octet-stream");
    }
}
