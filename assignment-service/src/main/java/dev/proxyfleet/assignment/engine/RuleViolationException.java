package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.web.ConflictException;

/** A change the rules forbid (answered 409), with the rule and the numbers, e.g. {@code rule 1: proxy 7 holds 3 of 3}. */
public class RuleViolationException extends ConflictException {

    public RuleViolationException(String message) {
        super(message);
    }
}
