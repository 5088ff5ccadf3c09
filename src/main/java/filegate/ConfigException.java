package filegate;

/** A configuration or start-up problem a person must fix; its message is the one line printed before exit 2. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
