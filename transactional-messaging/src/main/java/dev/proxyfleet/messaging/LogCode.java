package dev.proxyfleet.messaging;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The stable codes of the events operators search the logs for (the README's table lists them with what to do). A
 * coded line carries its code twice: as the JSON field {@code mdc.code} ({@value #FIELD} in the mapped diagnostic
 * context), and at the head of its message with the code's text, so that a plain-text log can be searched the same
 * way. A code and its text never change once released; a new event gets a new number.
 */
public enum LogCode {

    PROXY_FAILED("PF-HEALTH-001", "proxy failed"),
    PROXY_RECOVERED("PF-HEALTH-002", "proxy recovered"),
    /** Reserved for auto-disable (runtime settings): logged where a proxy is disabled for failing too long. */
    PROXY_AUTO_DISABLED("PF-HEALTH-003", "proxy auto-disabled"),
    PROXY_HEALTH_CHANGED("PF-HEALTH-004", "proxy health changed"),

    PROXY_SELECTED("PF-SELECT-001", "proxy selected"),
    NO_PROXY_DIRECT("PF-SELECT-002", "no healthy proxy, using direct connection"),
    NO_PROXY_FOUND("PF-SELECT-003", "no proxy found"),
    PROXY_SYSTEM_DISABLED("PF-SELECT-004", "proxy system disabled, using direct connection"),

    KEY_SELECTED("PF-KEY-001", "key selected"),
    KEY_EXHAUSTED("PF-KEY-002", "key reported exhausted"),
    NO_KEY_FOUND("PF-KEY-003", "no usable key"),
    NO_KEY_DIRECT("PF-KEY-004", "no usable key, using direct connection"),

    ACCOUNT_ASSIGNED("PF-ASSIGN-001", "account assigned"),
    ACCOUNT_WAITING("PF-ASSIGN-002", "account waiting for capacity"),
    ACCOUNT_RELEASED("PF-ASSIGN-003", "account released"),
    ACCOUNT_MOVED_OFF_FAILED("PF-ASSIGN-004", "account moved off a failed proxy"),
    ACCOUNT_MOVED("PF-ASSIGN-005", "account moved"),
    ASSIGNMENT_REFUSED("PF-ASSIGN-006", "assignment refused"),

    IMPORT_STARTED("PF-IMPORT-001", "import started"),
    IMPORT_FINISHED("PF-IMPORT-002", "import finished"),
    IMPORT_LINE_REJECTED("PF-IMPORT-003", "import line rejected");

    /** The mapped diagnostic context key, so the JSON field {@code mdc.code}. */
    public static final String FIELD = "code";

    private final String code;
    private final String text;

    LogCode(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public String text() {
        return text;
    }

    /**
     * Logs this event in the category of {@code source}, so that a package's level (e.g. DEBUG for selection) turns
     * it on. The message reads {@code <code> <text>: <details>}; the details must hold no secret.
     */
    public void log(Class<?> source, Logger.Level level, String detailsFormat, Object... parameters) {
        Logger logger = Logger.getLogger(source);
        if (!logger.isEnabled(level)) {
            return;
        }
        Object outer = MDC.put(FIELD, code);
        try {
            logger.logf(level, code + " " + text + ": " + detailsFormat, parameters);
        } finally {
            if (outer == null) {
                MDC.remove(FIELD);
            } else {
                MDC.put(FIELD, outer);
            }
        }
    }
}
