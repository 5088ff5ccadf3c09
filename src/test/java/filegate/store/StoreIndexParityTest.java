package filegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import filegate.manifest.JsonlManifest;
import filegate.manifest.Manifest;
import filegate.manifest.ManifestEntry;
import filegate.manifest.StoreIndex;
import filegate.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store answers every look-up as the JSONL manifest's index does, for the same lines: dedup answers,
 * open intents (closed, left open by an ambiguous failure, replaced by a later one), Uploads API uploads
 * and their parts, unmatched files, and S3 versions.
 */
@ExtendWith(Postgres.class)
class StoreIndexParityTest {
    @TempDir
    Path tmp;

    private static ManifestEntry line(String event, String sha, String... kv) {
        ManifestEntry e = new ManifestEntry(event);
        e.provider = "openai";
        e.purpose = "fine-tune";
        e.sha256 = sha;
        e.source = "inbox/" + sha + ".jsonl";
        e.bytes = 100L;
        for (int i = 0; i < kv.length; i += 2) {
            String v = kv[i + 1];
            switch (kv[i]) {
                case "file_id" -> e.fileId = v;
                case "attempt" -> e.attempt = v;
                case "ambiguous" -> e.ambiguous = Boolean.valueOf(v);
                case "upload_id" -> e.uploadId = v;
                case "part" -> e.part = Integer.valueOf(v);
                case "part_id" -> e.partId = v;
                case "part_bytes" -> e.partBytes = Long.valueOf(v);
                case "parts" -> e.parts = Integer.valueOf(v);
                case "etag" -> e.etag = v;
                case "source" -> e.source = v;
                case "provider" -> e.provider = v;
                case "bytes" -> e.bytes = Long.valueOf(v);
                case "sha" -> e.sha256 = v;
                case "purpose" -> e.purpose = v;
                default -> throw new IllegalArgumentException(kv[i]);
            }
        }
        return e;
    }

    private static List<ManifestEntry> history() {
        List<ManifestEntry> h = new ArrayList<>();
        // a: uploaded, then a duplicate of it
        h.add(line("intent", "a", "attempt", "a1"));
        h.add(line("uploaded", "a", "attempt", "a1", "file_id", "file-a"));
        h.add(line("duplicate", "a", "file_id", "file-a", "source", "inbox/a-copy.jsonl"));
        // b: an intent left open by a crash
        h.add(line("intent", "b", "attempt", "b1"));
        // c: an ambiguous failure keeps the intent open; d: a plain failure closes it
        h.add(line("intent", "c", "attempt", "c1"));
        h.add(line("failed", "c", "attempt", "c1", "ambiguous", "true"));
        h.add(line("intent", "d", "attempt", "d1"));
        h.add(line("failed", "d", "attempt", "d1"));
        // e: an ambiguous failure, a second intent, its plain failure: nothing open
        h.add(line("intent", "e", "attempt", "e1"));
        h.add(line("failed", "e", "attempt", "e1", "ambiguous", "true"));
        h.add(line("intent", "e", "attempt", "e2"));
        h.add(line("failed", "e", "attempt", "e2"));
        // f: an Uploads API upload with two parts, open; g: abandoned; h: completed
        h.add(line("upload-created", "f", "upload_id", "up-f", "part_bytes", "64", "parts", "3"));
        h.add(line("part-uploaded", null, "upload_id", "up-f", "part", "1", "part_id", "p1"));
        h.add(line("part-uploaded", null, "upload_id", "up-f", "part", "3", "part_id", "p3"));
        h.add(line("upload-created", "g", "upload_id", "up-g", "part_bytes", "64", "parts", "2"));
        h.add(line("upload-abandoned", "g", "upload_id", "up-g"));
        h.add(line("upload-created", "h", "upload_id", "up-h", "part_bytes", "64", "parts", "2"));
        h.add(line("uploaded", "h", "file_id", "file-h", "upload_id", "up-h"));
        // unmatched files, by size and by ETag
        h.add(line("unmatched", null, "source", "inbox/x.bin", "bytes", "7"));
        h.add(line("unmatched", null, "source", "s3://b/y.bin", "etag", "ey"));
        // S3: k failed then uploaded; m failed for one of two providers
        h.add(line("failed", "k", "source", "s3://b/k.jsonl", "etag", "ek"));
        h.add(line("intent", "k", "source", "s3://b/k.jsonl", "etag", "ek", "attempt", "k1"));
        h.add(line("uploaded", "k", "source", "s3://b/k.jsonl", "etag", "ek", "attempt", "k1", "file_id", "file-k"));
        h.add(line("uploaded", "m", "source", "s3://b/m.jsonl", "etag", "em", "file_id", "file-m"));
        h.add(line("failed", "m", "source", "s3://b/m.jsonl", "etag", "em", "provider", "together"));
        return h;
    }

    @Test
    void every_look_up_of_the_store_answers_as_the_manifest_index_does() {
        String url = Postgres.newDatabase();
        StoreSettings s = new StoreSettings(url, Postgres.USER, Postgres.PASSWORD, 4, 30, "test-node");
        Path file = tmp.resolve("manifest.jsonl");
        try (Manifest jsonl = new JsonlManifest(file); PgStore pg = PgStore.open(s, true, "test")) {
            for (ManifestEntry e : history()) {
                jsonl.append(e);
                pg.append(e);
            }
            List<Function<StoreIndex, Object>> questions = new ArrayList<>();
            for (String sha : List.of("a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "zz")) {
                questions.add(i -> sha + " uploaded " + i.uploadedFileId("openai", "fine-tune", sha));
                questions.add(i -> sha + " other purpose " + i.uploadedFileId("openai", "batch", sha));
                questions.add(i -> sha + " intent " + i.openIntent("openai", "fine-tune", sha).map(e -> e.attempt));
                questions.add(i -> sha + " upload " + i.openUpload("openai", "fine-tune", sha)
                        .map(u -> u.uploadId() + " " + u.bytes() + " " + u.partBytes() + " " + u.partCount() + " "
                                + u.expiresAt() + " " + u.parts()));
            }
            questions.add(i -> "open intents " + i.openIntentCount());
            for (String id : List.of("file-a", "file-h", "file-x")) {
                questions.add(i -> id + " known " + i.knownFileId(id));
            }
            questions.add(i -> "unmatched x " + i.unmatchedRecorded("inbox/x.bin", 7));
            questions.add(i -> "unmatched x other size " + i.unmatchedRecorded("inbox/x.bin", 8));
            questions.add(i -> "unmatched y " + i.unmatchedRecorded("s3://b/y.bin", "ey"));
            questions.add(i -> "unmatched y other etag " + i.unmatchedRecorded("s3://b/y.bin", "ez"));
            for (String k : List.of("k", "m", "q")) {
                questions.add(i -> k + " version done " + i.versionDone("s3://b/" + k + ".jsonl", "e" + k));
                questions.add(i -> k + " version failed " + i.versionFailed("s3://b/" + k + ".jsonl", "e" + k));
            }
            for (Function<StoreIndex, Object> q : questions) {
                assertEquals(q.apply(jsonl.index()), q.apply(pg.index()));
            }
        }
    }
}
