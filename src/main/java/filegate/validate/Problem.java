package filegate.validate;

/**
 * One reason a provider would refuse the file.
 *
 * @param code    stable UPPER_SNAKE code, listed in the README (Pre-upload validation)
 * @param line    1-based line (JSONL, text) or physical line where the CSV row starts; 0 = the whole file
 * @param message short and specific enough to fix the file by
 */
public record Problem(String code, long line, String message) {
}
