package dev.proxyfleet.assignment.engine;

/** A change that the rules or the fleet's capacity do not allow as asked; nothing of it was kept. */
public class AssignmentConflictException extends RuntimeException {

    public AssignmentConflictException(String message) {
        super(message);
    }
}
