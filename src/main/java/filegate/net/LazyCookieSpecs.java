package filegate.net;

import java.util.List;
import java.util.Set;

import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.cookie.MalformedCookieException;
import org.apache.hc.client5.http.cookie.StandardCookieSpec;
import org.apache.hc.client5.http.impl.CookieSpecSupport;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Lookup;

/**
 * httpclient5's own cookie handling (the same specs, with the public suffix list), built when a cookie first
 * needs it instead of when each HTTP client is built.
 * <p>
 * Why: {@code HttpClientBuilder.build()} reads and parses the public suffix list (a 200 KB resource) for its
 * default cookie specs, about 5% of a one-file {@code --sync}'s start-up CPU, although providers' Files APIs
 * answer with no cookie. The specs are still looked up per request, as before; only the list is read
 * later: when a response sets a cookie or a stored one is matched.
 */
public final class LazyCookieSpecs implements Lookup<CookieSpecFactory> {
    static final LazyCookieSpecs INSTANCE = new LazyCookieSpecs();
    /** The names httpclient5's default registry knows; any other is unsupported there too. */
    private static final Set<String> NAMES = Set.of(StandardCookieSpec.STRICT, StandardCookieSpec.RELAXED,
            StandardCookieSpec.IGNORE);

    private LazyCookieSpecs() {
    }

    /** For camel-http's {@code HttpClientConfigurer}: every client built gets the deferred specs. */
    public static void install(HttpClientBuilder builder) {
        builder.setDefaultCookieSpecRegistry(INSTANCE);
    }

    @Override
    public CookieSpecFactory lookup(String name) {
        if (name == null || !NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        return context -> new Deferred(name, context);
    }

    /** httpclient5's default specs, built once, by the first cookie that needs them. */
    private static final class Defaults {
        static final Lookup<CookieSpecFactory> SPECS = CookieSpecSupport.createDefault();
    }

    /** The spec of one request; the real one is made on its first use. */
    private static final class Deferred implements CookieSpec {
        private final String name;
        private final org.apache.hc.core5.http.protocol.HttpContext context;
        private CookieSpec spec;

        Deferred(String name, org.apache.hc.core5.http.protocol.HttpContext context) {
            this.name = name;
            this.context = context;
        }

        private synchronized CookieSpec spec() {
            if (spec == null) {
                spec = Defaults.SPECS.lookup(name).create(context);
            }
            return spec;
        }

        @Override
        public List<Cookie> parse(Header header, CookieOrigin origin) throws MalformedCookieException {
            return spec().parse(header, origin);
        }

        @Override
        public void validate(Cookie cookie, CookieOrigin origin) throws MalformedCookieException {
            spec().validate(cookie, origin);
        }

        @Override
        public boolean match(Cookie cookie, CookieOrigin origin) {
            return spec().match(cookie, origin);
        }

        @Override
        public List<Header> formatCookies(List<Cookie> cookies) {
            return spec().formatCookies(cookies);
        }
    }
}
