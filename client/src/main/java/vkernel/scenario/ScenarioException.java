package vkernel.scenario;

/** A malformed scenario: the statement on {@link #line()} cannot be run. */
public final class ScenarioException extends Exception {
    private final int line;

    public ScenarioException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line number; 0 when not yet known. */
    public int line() {
        return line;
    }

    ScenarioException atLine(int n) {
        return new ScenarioException(n, getMessage());
    }
}
