package filegate.support;

import filegate.provider.Profiles;
import filegate.provider.ProviderProfile;
import filegate.validate.ValidationRequest;

/**
 * The question the prepare step asks for a built-in provider type, as an instance of it without overrides
 * would ask it: the profile's limit for the purpose and the validators the profile names. An unknown type gets
 * only the checks every file gets.
 */
public final class ProfileChecks {
    private ProfileChecks() {
    }

    public static ValidationRequest of(String type, String purpose, String fileType) {
        return Profiles.byType(type)
                .map(p -> of(p, purpose, fileType, p.maxBytesFor(purpose)))
                .orElseGet(() -> new ValidationRequest(type, purpose, fileType, Long.MAX_VALUE));
    }

    /** The same with this size limit instead of the profile's. */
    public static ValidationRequest of(String type, String purpose, String fileType, long maxBytes) {
        return Profiles.byType(type)
                .map(p -> of(p, purpose, fileType, maxBytes))
                .orElseGet(() -> new ValidationRequest(type, purpose, fileType, maxBytes));
    }

    private static ValidationRequest of(ProviderProfile p, String purpose, String fileType, long maxBytes) {
        return new ValidationRequest(p.type, purpose, fileType, maxBytes, p.checks);
    }
}
