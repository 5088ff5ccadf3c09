package filegate.validate;

/** The fine-tuning example formats; the ordinal + 1 is the {@link LineProblems} tag of a format's problems. */
enum FineTuneFormat {
    CHAT("chat"), PREFERENCE("preference"), COMPLETION("completion"), TEXT("text"),
    /** Reinforcement fine-tuning: chat messages ending in a user turn, plus fields the grader reads. */
    REINFORCEMENT("reinforcement");

    final String label;

    FineTuneFormat(String label) {
        this.label = label;
    }

    int tag() {
        // its messages are checked as chat messages, so their problems carry the chat tag
        return this == REINFORCEMENT ? CHAT.tag() : ordinal() + 1;
    }
}
