package filegate;

/** Entry point: {@code java -jar filegate.jar [--sync | --dry-run [--json] | --requeue-failed] [--config-dir DIR]}. */
public final class Filegate {
    public static void main(String[] args) {
        // --help, --version and a wrong argument are answered before logging starts, so they work even
        // where FILEGATE_LOG_FORMAT is wrong and print nothing but their answer
        try {
            Mode mode = Mode.parse(java.util.Arrays.asList(args));
            if (mode.informational()) {
                System.out.print(mode.kind() == Mode.Kind.HELP ? Usage.help() : Usage.version());
                System.exit(FilegateApp.OK);
            }
        } catch (ConfigException e) {
            System.err.println("filegate: " + e.getMessage());
            System.exit(FilegateApp.CONFIG_ERROR);
        }
        // checked before anything logs: log4j2.properties picks its appender by this name, and a typo
        // there would silence every log line
        String format = System.getenv("FILEGATE_LOG_FORMAT");
        if (format != null && !format.equals("text") && !format.equals("json")) {
            System.err.println("filegate: FILEGATE_LOG_FORMAT=" + format + " is not allowed: expected text or json");
            System.exit(FilegateApp.CONFIG_ERROR);
        }
        FatalErrors.exitOnWorkerError();
        // exit explicitly: a failed start must never leave a non-daemon Camel thread holding the JVM
        System.exit(new FilegateApp(args).run());
    }
}
