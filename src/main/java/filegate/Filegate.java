package filegate;

/** Entry point: {@code java -jar filegate.jar [--sync | --dry-run [--json]]}. */
public final class Filegate {
    public static void main(String[] args) {
        // exit explicitly: a failed start must never leave a non-daemon Camel thread holding the JVM
        System.exit(new FilegateApp(args).run());
    }
}
