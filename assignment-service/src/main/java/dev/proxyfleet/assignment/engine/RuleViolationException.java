package dev.proxyfleet.assignment.engine;

/**
 * A change the database refused because it would break a rule, with the rule and the numbers, e.g. {@code rule 1:
 * proxy 7 holds 3 of 3}.
 */
public class RuleViolationException extends AssignmentConflictException {

    public RuleViolationException(String message) {
        super(message);
    }
}
