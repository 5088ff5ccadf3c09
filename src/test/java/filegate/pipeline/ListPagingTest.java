package filegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import filegate.manifest.JsonlManifest;
import filegate.provider.Profiles;
import filegate.provider.Provider;
import filegate.provider.ProviderProfile;
import filegate.provider.RetryableUploadException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step "reconcile" on its own: how it walks the provider's file list, page by page (OpenAI's
 * {@code after} / {@code has_more}, newest first), or takes a list that has one page only (Together).
 */
class ListPagingTest {
    private static final long INTENT_MS = 1_700_000_000_000L;
    private static final long AFTER_INTENT_S = INTENT_MS / 1000 + 5;
    private static final long LONG_BEFORE_S = INTENT_MS / 1000 - 86_400;

    @TempDir
    Path dir;
    private CamelContext camel;
    private JsonlManifest manifest;
    private Reconcile reconcile;

    @BeforeEach
    void open() {
        camel = new DefaultCamelContext();
        manifest = new JsonlManifest(dir.resolve("manifest.jsonl"));
        reconcile = new Reconcile(new Outcomes(manifest, new RunStats(), null), 60_000);
    }

    @AfterEach
    void close() throws Exception {
        manifest.close();
        camel.close();
    }

    private static Provider provider(ProviderProfile profile) {
        return new Provider(profile.type, profile, "https://example.invalid/v1", null, profile.authHeader,
                profile.authScheme, profile.uploadPath, null, profile.successCodes, null, null);
    }

    /** An exchange as direct:reconcile sees it: a.jsonl (10 bytes) whose answer never arrived. */
    private Exchange interrupted(Provider p) {
        Item item = new Item("inbox/fine-tune/a.jsonl", "fine-tune/a.jsonl", dir.resolve("a.jsonl"), dir);
        item.sized(10);
        Delivery d = new Delivery(p, "fine-tune");
        d.resumingIntent("attempt-1", INTENT_MS);
        Exchange ex = new DefaultExchange(camel);
        ex.setProperty(Item.PROPERTY, item);
        ex.setProperty(Flow.DELIVERY, d);
        reconcile.start(ex);
        return ex;
    }

    private static String file(String id, String name, long bytes, long createdAt) {
        return "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + bytes + ",\"created_at\":" + createdAt
                + ",\"filename\":\"" + name + "\",\"purpose\":\"fine-tune\"}";
    }

    private static String page(boolean hasMore, String... files) {
        String lastId = files.length == 0 ? "null" : "\"" + files[files.length - 1].replaceAll(
                "^\\{\"id\":\"([^\"]+)\".*", "$1") + "\"";
        return "{\"object\":\"list\",\"data\":[" + String.join(",", files) + "],\"has_more\":" + hasMore
                + ",\"last_id\":" + lastId + "}";
    }

    /** Asks for the next page and answers it; returns the URL that was asked. */
    private String walk(Exchange ex, int status, String body) {
        reconcile.listRequest(ex);
        String url = ex.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        ex.getMessage().setBody(body);
        reconcile.readPage(ex);
        return url;
    }

    private static Delivery delivery(Exchange ex) {
        return Flow.delivery(ex);
    }

    @Test
    void openAiPagesAreFollowedByAfterUntilTheFileIsFound() {
        Exchange ex = interrupted(provider(Profiles.OPENAI));
        List<String> urls = new ArrayList<>();
        urls.add(walk(ex, 200, page(true, file("file-c", "c.jsonl", 10, AFTER_INTENT_S),
                file("file-b", "a.jsonl", 11, AFTER_INTENT_S))));
        assertTrue(delivery(ex).reconcileFirst(), "a page with has_more and no match: the next page is asked for");
        urls.add(walk(ex, 200, page(false, file("file-a", "a.jsonl", 10, AFTER_INTENT_S))));

        assertFalse(urls.get(0).contains("after="), urls.get(0));
        assertTrue(urls.get(0).contains("purpose=fine-tune") && urls.get(0).contains("order=desc"), urls.get(0));
        assertTrue(urls.get(1).endsWith("&after=file-b"), urls.get(1));
        assertFalse(delivery(ex).reconcileFirst());
        assertEquals("file-a", delivery(ex).record().id());
        assertEquals(Delivery.Event.UPLOADED, delivery(ex).event());
    }

    @Test
    void theLastPageEndsTheWalkWithoutAMatch() {
        Exchange ex = interrupted(provider(Profiles.OPENAI));
        walk(ex, 200, page(false, file("file-x", "a.jsonl", 99, AFTER_INTENT_S)));
        assertFalse(delivery(ex).reconcileFirst(), "has_more false: nothing left to ask");
        assertNull(delivery(ex).record());
    }

    @Test
    void onceOlderFilesShowUpOnANewestFirstListTheRestIsNotAskedFor() {
        Exchange ex = interrupted(provider(Profiles.OPENAI));
        walk(ex, 200, page(true, file("file-new", "x.jsonl", 1, AFTER_INTENT_S),
                file("file-old", "a.jsonl", 10, LONG_BEFORE_S)));
        assertFalse(delivery(ex).reconcileFirst(), "older than the intent: ours cannot be further down");
        assertNull(delivery(ex).record(), "a file from before the intent is not ours, even with our name and size");
    }

    @Test
    void aFileTheManifestAlreadyKnowsIsNotTakenForOurs() {
        filegate.manifest.ManifestEntry known = new filegate.manifest.ManifestEntry("uploaded");
        known.source = "inbox/fine-tune/old-a.jsonl";
        known.provider = "openai";
        known.purpose = "fine-tune";
        known.sha256 = "0".repeat(64);
        known.fileId = "file-known";
        manifest.append(known);
        Exchange ex = interrupted(provider(Profiles.OPENAI));
        walk(ex, 200, page(false, file("file-known", "a.jsonl", 10, AFTER_INTENT_S),
                file("file-ours", "a.jsonl", 10, AFTER_INTENT_S)));
        assertEquals("file-ours", delivery(ex).record().id());
    }

    @Test
    void aListWithOnePageOnlyIsReadOnceWithoutPagingParameters() {
        Exchange ex = interrupted(provider(Profiles.TOGETHER));
        // Together answers {"data":[...]} without has_more: one page holds the whole list
        String url = walk(ex, 200, "{\"object\":\"list\",\"data\":[" + file("file-t", "b.jsonl", 10, AFTER_INTENT_S)
                + "]}");
        assertFalse(url.contains("after=") || url.contains("limit="), url);
        assertFalse(delivery(ex).reconcileFirst());
        assertNull(delivery(ex).record());
    }

    @Test
    void anUnavailableListIsRetriedAsTheAttemptAndAnUnreadableOneIsSkipped() {
        Exchange ex = interrupted(provider(Profiles.OPENAI));
        assertThrows(RetryableUploadException.class, () -> walk(ex, 503, "{\"error\":{\"message\":\"busy\"}}"));
        assertTrue(delivery(ex).reconcileFirst(), "still to be checked on the next attempt");
        walk(ex, 403, "{\"error\":{\"message\":\"no list for this key\"}}");
        assertFalse(delivery(ex).reconcileFirst());
        assertTrue(delivery(ex).reconcileNote().startsWith("failed: the file list answered"), delivery(ex).reconcileNote());
    }
}
