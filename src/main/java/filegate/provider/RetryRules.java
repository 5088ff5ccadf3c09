package filegate.provider;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Which failed answers are worth another attempt, and how long the provider asked us to wait. Mirrors
 * the official SDKs: {@code x-should-retry} wins; 408, 409, 429 and 5xx retry; other 4xx and
 * {@code insufficient_quota} never do.
 */
public final class RetryRules {
    /** Reads one response header by name (case-insensitive), or null. */
    @FunctionalInterface
    public interface Header {
        String get(String name);
    }

    private RetryRules() {
    }

    public static boolean retryable(int status, ProviderError err, Header headers) {
        String should = headers.get("x-should-retry");
        if ("true".equalsIgnoreCase(should)) {
            return true;
        }
        if ("false".equalsIgnoreCase(should)) {
            return false;
        }
        if ("insufficient_quota".equals(err.code()) || "insufficient_quota".equals(err.type())) {
            return false;
        }
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; -1 when absent. */
    public static long retryAfterMs(Header headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Math.max(0, (long) Double.parseDouble(ms.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = headers.get("retry-after");
        if (ra == null || ra.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, (long) (Double.parseDouble(ra.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (Exception bad) {
                return -1;
            }
        }
    }

    /**
     * A redirect names where it pointed: Filegate follows none (the key would travel with the request to
     * wherever the Location says), so the message must tell the person the address to configure instead.
     */
    public static ProviderError located(ProviderError err, String location) {
        int status = err.httpStatus();
        if (status < 300 || status > 399) {
            return err;
        }
        String where = location == null || location.isBlank() ? "no Location" : "Location: " + location;
        return new ProviderError(status, "redirected (" + where + "); redirects are not followed", err.type(),
                err.code(), err.param(), err.requestId());
    }

    /**
     * When a 429 without Retry-After says its limit resets: the larger of {@code x-ratelimit-reset-requests}
     * and {@code x-ratelimit-reset-tokens} (durations such as {@code 1s}, {@code 250ms}, {@code 6m0s}); -1 when
     * neither is there.
     */
    public static long rateLimitResetMs(Header headers) {
        return Math.max(duration(headers.get("x-ratelimit-reset-requests")),
                duration(headers.get("x-ratelimit-reset-tokens")));
    }

    /** OpenAI's reset format ({@code 1h2m3.5s}, {@code 20ms}); -1 when absent or unreadable. */
    public static long duration(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(text.trim());
        double ms = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return -1;
            }
            double v = Double.parseDouble(m.group(1));
            ms += switch (m.group(2)) {
                case "h" -> v * 3_600_000;
                case "m" -> v * 60_000;
                case "s" -> v * 1000;
                default -> v;
            };
            end = m.end();
        }
        return end == text.trim().length() && end > 0 ? (long) Math.ceil(ms) : -1;
    }

    /** What a person can do about a refused upload. */
    public static String hint(int status, ProviderError err, Provider p) {
        String keyHint = "check the API key of provider '" + p.name() + "' (filegate.providers." + p.name()
                + ".api-key" + (p.profile().apiKeyEnv == null ? "" : " or " + p.profile().apiKeyEnv) + ")";
        if ("insufficient_quota".equals(err.code()) || "insufficient_quota".equals(err.type())) {
            return "the account is out of quota: add credit or raise the limit, then retry the file";
        }
        if (status >= 200 && status < 300) {
            return "the provider answered " + status + ", which is not among the success codes "
                    + p.successCodes() + " of provider '" + p.name() + "'; it may have stored the file anyway:"
                    + " check its file list, and add " + status + " to filegate.providers." + p.name()
                    + ".success-codes if that is how it says yes";
        }
        return switch (status) {
            case 400, 422 -> "the provider refused this file as sent: fix it (see the message) and drop it again";
            case 401, 403 -> keyHint;
            case 404, 405 -> "the upload URL " + p.uploadUrl().split("\\?")[0] + " does not exist: check filegate.providers."
                    + p.name() + ".base-url";
            case 413 -> "the file is too large for this provider";
            case 301, 302, 303, 307, 308 -> "the provider sent the request elsewhere; Filegate does not follow"
                    + " redirects, so the key never goes to another address: set filegate.providers." + p.name()
                    + ".base-url to the address the Files API answers at (see the Location above)";
            case 429 -> "the provider kept rate-limiting; retry later or lower the number of parallel uploads";
            default -> status >= 500 ? "the provider kept failing (" + status + "); retry the file later"
                    : "the provider answered " + status + "; see the message";
        };
    }
}
