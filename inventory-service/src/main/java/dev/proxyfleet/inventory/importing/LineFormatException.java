package dev.proxyfleet.inventory.importing;

/**
 * A line that does not fit any import format. The message goes to the user verbatim, so it must
 * never quote the line or a credential.
 */
final class LineFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LineFormatException(String message) {
        // No stack trace: bad lines are expected input, and a large import may hold many of them.
        super(message, null, false, false);
    }
}
