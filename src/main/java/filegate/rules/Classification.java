package filegate.rules;

import java.util.List;

/**
 * What the naming rules decided for one file.
 *
 * @param purpose   canonical purpose (fine-tune, batch, evals, assistants, vision, user_data)
 * @param fileType  lower-case type taken from the extension (jsonl, csv, pdf, ...)
 * @param providers names of the configured provider instances to send the file to
 * @param expiresAfterSeconds  expiry to ask for, or null for the provider default
 * @param rule      name of the rule that decided
 */
public record Classification(String purpose, String fileType, List<String> providers,
                             Long expiresAfterSeconds, String rule) {
}
