package dev.proxyfleet.inventory.importing;

/**
 * The outcome of reading one physical line of an import body: either a candidate or a short
 * error, never both. {@code lineNumber} is the 1-based physical line number in the body; header,
 * comment and blank lines count even though they produce no {@code ParsedLine}. An error never
 * contains the line itself or any credential from it, so it can be shown to the user as is.
 */
public record ParsedLine(int lineNumber, ProxyCandidate candidate, String error) {

    public ParsedLine {
        if ((candidate == null) == (error == null)) {
            throw new IllegalArgumentException("a parsed line has either a candidate or an error");
        }
    }

    /** A line that was read into a candidate. */
    public static ParsedLine of(int lineNumber, ProxyCandidate candidate) {
        return new ParsedLine(lineNumber, candidate, null);
    }

    /** A line that could not be read, with a short reason. */
    public static ParsedLine invalid(int lineNumber, String error) {
        return new ParsedLine(lineNumber, null, error);
    }

    public boolean valid() {
        return candidate != null;
    }
}
