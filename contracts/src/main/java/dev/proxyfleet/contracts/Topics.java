package dev.proxyfleet.contracts;

/** Topic names as compile-time constants, for annotations and channel configuration. */
public final class Topics {
    public static final String PROXY_INVENTORY = "proxy-inventory";
    public static final String PROVIDER_INVENTORY = "provider-inventory";
    public static final String ACCOUNT_EVENTS = "account-events";
    public static final String ASSIGNMENT_EVENTS = "assignment-events";
    public static final String PROXY_HEALTH = "proxy-health";
    public static final String PROXY_USAGE = "proxy-usage";
    public static final String API_KEYS = "api-keys";
    public static final String ASSIGNMENT_STATE = "assignment-state";
    public static final String PROXY_HEALTH_STATE = "proxy-health-state";
    public static final String FLEET_SETTINGS = "fleet-settings";
    public static final String PROVIDER_HEALTH = "provider-health";

    private Topics() {
    }
}
