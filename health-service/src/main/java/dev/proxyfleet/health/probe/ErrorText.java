package dev.proxyfleet.health.probe;

import java.util.regex.Pattern;

/** Error texts that go into events, the log and responses: one short line, never credentials. */
public final class ErrorText {

    private static final int MAX_LENGTH = 160;
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");

    private ErrorText() {
    }

    /**
     * The first line of {@code text}, without the user-info part of any URL and without {@code secret} where it
     * appears, cut to a readable length; null stays null.
     */
    public static String clean(String text, String secret) {
        if (text == null) {
            return null;
        }
        String line = text.lines().findFirst().orElse("");
        if (secret != null && !secret.isEmpty()) {
            line = line.replace(secret, "***");
        }
        line = USER_INFO.matcher(line).replaceAll("");
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) : line;
    }
}
