package filegate.pacing;

import java.io.IOException;
import java.net.URISyntaxException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * The one place every camel-http request to a provider passes: first in httpclient5's execution chain,
 * before a pooled connection is leased (a request waiting for its slot holds none), it waits for the
 * account's pace, and reads the rate headers of the answer before camel-http sees it. Uploads, Uploads API
 * calls (create, parts, complete, cancel), the file list of reconciliation and dedup's file lookups are
 * all paced this way, whichever route sends them.
 */
final class PacingInterceptor implements ExecChainHandler {
    private final Pacing pacing;

    PacingInterceptor(Pacing pacing) {
        this.pacing = pacing;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Pacer pacer;
        try {
            pacer = pacing.match(request.getUri(), name -> value(request.getFirstHeader(name)));
        } catch (URISyntaxException e) {
            pacer = null;
        }
        if (pacer == null) {
            return chain.proceed(request, scope);
        }
        HttpEntity body = request.getEntity();
        Pacer.Permit permit = pacer.acquire(body == null ? 0 : Math.max(0, body.getContentLength()));
        ClassicHttpResponse response = null;
        try {
            response = chain.proceed(request, scope);
            return response;
        } finally {
            ClassicHttpResponse answer = response;
            permit.done(answer == null ? -1 : answer.getCode(),
                    answer == null ? null : name -> value(answer.getFirstHeader(name)));
        }
    }

    private static String value(Header h) {
        return h == null ? null : h.getValue();
    }
}
