package dev.proxyfleet.status.model;

/**
 * The runtime settings that decide where requests go when no proxy serves them, and so the overall state: the master
 * switch and the fallback to a direct connection ({@code SelectionSettings}).
 */
public record SystemSwitches(boolean proxySystemEnabled, boolean fallbackToDirect) {

    /** The proxy system on, no fallback: what a fresh model assumes until the settings are applied. */
    public static final SystemSwitches DEFAULT = new SystemSwitches(true, false);
}
