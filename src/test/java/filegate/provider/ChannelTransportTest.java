package filegate.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import filegate.support.EndToEnd;
import filegate.support.FakeProvider;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpMethods;
import org.junit.jupiter.api.Test;

/**
 * Large file parts go from a native buffer straight to the socket channel and arrive byte for byte and
 * framed correctly, also with more requests after them on the same kept-alive connection; small parts
 * go through the stream as before. The component is camel-http's, configured as usual.
 */
class ChannelTransportTest extends EndToEnd {
    @Test
    void large_parts_are_written_to_the_channel_and_arrive_intact_on_a_reused_connection() throws Exception {
        CamelContext camel = h.watch();
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        assertTrue(http instanceof ChannelHttpComponent, http.getClass().getName());
        // camel.component.http.* from application.properties reach it like any component
        assertEquals(10_000, http.getConnectTimeout());
        assertEquals(600_000, http.getResponseTimeout());

        Path big = file("big.bin", 9 * 1024 * 1024 + 17);
        Path small = file("small.bin", 4096);
        Path whole = file("whole.bin", 3 * 1024 * 1024);
        long from = 1024 * 1024 + 3;
        long length = 2 * 1024 * 1024 - 5;
        ProducerTemplate template = camel.createProducerTemplate();

        MultipartBody first = body(big, 0, Files.size(big));
        MultipartBody second = body(small, 0, Files.size(small));
        MultipartBody third = body(whole, from, length); // a part from the middle, as the Uploads API sends
        for (MultipartBody b : new MultipartBody[] {first, second, third}) {
            assertEquals(200, post(template, b));
        }

        assertEquals(Files.size(big), first.directBytes(), "the large part went straight to the channel");
        assertEquals(0, second.directBytes(), "a small part goes through the stream");
        assertEquals(length, third.directBytes());
        assertEquals(3, provider.stored().size());
        assertEquals(sha256(Files.readAllBytes(big)), provider.stored().get(0).sha256());
        assertEquals(Files.size(big), provider.stored().get(0).bytes());
        assertEquals(sha256(Files.readAllBytes(small)), provider.stored().get(1).sha256());
        byte[] slice = Arrays.copyOfRange(Files.readAllBytes(whole), (int) from, (int) (from + length));
        assertEquals(sha256(slice), provider.stored().get(2).sha256());
        assertEquals("fine-tune", provider.stored().get(2).purpose(), "text parts after the file part arrive too");
        long connections = provider.requests().stream().map(FakeProvider.Request::remotePort).distinct().count();
        assertEquals(1, connections, "one kept-alive connection carried all three");
    }

    private static MultipartBody body(Path file, long offset, long length) {
        // purpose after the file: what the stream writes after the channel did must still follow it
        return MultipartBody.builder()
                .file("file", file.getFileName().toString(), "application/octet-stream", file, offset, length)
                .text("purpose", "fine-tune")
                .build();
    }

    private int post(ProducerTemplate template, MultipartBody body) {
        Exchange ex = template.request("http://provider?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, provider.baseUrl() + "/files");
            e.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, body.getContentType());
            e.getMessage().setBody(body);
        });
        if (ex.getException() != null) {
            throw new AssertionError(ex.getException());
        }
        return ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private Path file(String name, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(tmp.resolve(name), data);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
