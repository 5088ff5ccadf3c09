package filegate.validate;

/** The fine-tuning example formats; the ordinal + 1 is the {@link LineProblems} tag of a format's problems. */
enum FineTuneFormat {
    CHAT("chat"), PREFERENCE("preference"), COMPLETION("completion"), TEXT("text");

    final String label;

    FineTuneFormat(String label) {
        this.label = label;
    }

    int tag() {
        return ordinal() + 1;
    }
}
