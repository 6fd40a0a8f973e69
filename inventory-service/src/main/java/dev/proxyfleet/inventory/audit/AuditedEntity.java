package dev.proxyfleet.inventory.audit;

import java.util.Locale;

/** What inventory-service's audit trail records changes of; {@link #key()} is the {@code entity} of an entry. */
public enum AuditedEntity {
    PROVIDER, PROXY, VPS, KEY, SETTINGS;

    /** The names, as a regular expression for a query parameter. */
    public static final String KEYS = "provider|proxy|vps|key|settings";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
