package filegate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import filegate.support.FakeProvider;

/** Cookies still work as httpclient5's defaults do when their specs are only made on first use. */
class LazyCookieSpecsTest {

    @Test
    void aCookieSetByTheServerIsSentBackAndNoneBeforeIt() throws Exception {
        try (FakeProvider server = new FakeProvider()) {
            server.answer(r -> r.path().endsWith("/login")
                    ? FakeProvider.Response.json(200, "{}").withHeader("Set-Cookie", "session=abc; Path=/")
                    : FakeProvider.Response.json(200, "{}"));
            HttpClientBuilder builder = HttpClientBuilder.create();
            LazyCookieSpecs.install(builder);
            try (CloseableHttpClient client = builder.build()) {
                for (String path : new String[] {"/v1/files", "/v1/login", "/v1/files"}) {
                    client.execute(new HttpGet(server.root() + path), response -> EntityUtils.toString(
                            response.getEntity()));
                }
            }
            assertNull(server.requests().get(0).header("Cookie"), "no cookie before the server set one");
            assertEquals("session=abc", server.requests().get(2).header("Cookie"));
        }
    }

    @Test
    void theSpecNamesOfTheDefaultsAreKnownAndNoOthers() {
        assertNull(LazyCookieSpecs.INSTANCE.lookup("netscape"));
        for (String name : new String[] {"strict", "STRICT", "relaxed", "ignore"}) {
            assertNotNull(LazyCookieSpecs.INSTANCE.lookup(name), name);
        }
    }
}
