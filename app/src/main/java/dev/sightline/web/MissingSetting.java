package dev.sightline.web;

/**
 * A setting Sightline cannot start without, or cannot use as given. Start-up stops, and the log
 * says what is wrong and what to set, instead of a stack trace to read.
 */
public class MissingSetting extends IllegalStateException {

    private final String action;

    public MissingSetting(String problem, String action) {
        super(problem);
        this.action = action;
    }

    /** What to set, and to what. */
    public String action() {
        return action;
    }
}
