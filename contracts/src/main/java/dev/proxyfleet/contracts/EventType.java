package dev.proxyfleet.contracts;

import java.util.Arrays;
import java.util.Optional;

/** Every CloudEvents {@code ce_type} of the contract, the topic it travels on and the record its data maps to. */
public enum EventType {
    PROXY_CREATED("proxy.created", Topic.PROXY_INVENTORY, ProxyData.class),
    PROXY_UPDATED("proxy.updated", Topic.PROXY_INVENTORY, ProxyData.class),
    PROXY_DELETED("proxy.deleted", Topic.PROXY_INVENTORY, ProxyData.class),
    PROVIDER_CREATED("provider.created", Topic.PROVIDER_INVENTORY, ProviderData.class),
    PROVIDER_UPDATED("provider.updated", Topic.PROVIDER_INVENTORY, ProviderData.class),
    PROVIDER_DELETED("provider.deleted", Topic.PROVIDER_INVENTORY, ProviderData.class),
    ACCOUNT_CREATED("account.created", Topic.ACCOUNT_EVENTS, AccountData.class),
    ACCOUNT_UPDATED("account.updated", Topic.ACCOUNT_EVENTS, AccountData.class),
    ACCOUNT_DELETED("account.deleted", Topic.ACCOUNT_EVENTS, AccountData.class),
    ACCOUNT_INVALIDATED("account.invalidated", Topic.ACCOUNT_EVENTS, AccountData.class),
    ACCOUNT_REACTIVATED("account.reactivated", Topic.ACCOUNT_EVENTS, AccountData.class),
    ASSIGNMENT_ASSIGNED("assignment.assigned", Topic.ASSIGNMENT_EVENTS, AssignmentData.class),
    ASSIGNMENT_RELEASED("assignment.released", Topic.ASSIGNMENT_EVENTS, AssignmentData.class),
    ASSIGNMENT_REASSIGNED("assignment.reassigned", Topic.ASSIGNMENT_EVENTS, AssignmentData.class),
    ASSIGNMENT_PENDING("assignment.pending", Topic.ASSIGNMENT_EVENTS, AssignmentData.class),
    PROXY_HEALTH_CHANGED("proxy.health-changed", Topic.PROXY_HEALTH, HealthData.class),
    PROXY_PROBED("proxy.probed", Topic.PROXY_HEALTH, HealthData.class),
    PROXY_EXIT_IP_CHANGED("proxy.exit-ip-changed", Topic.PROXY_HEALTH, ExitIpData.class),
    PROXY_USED("proxy.used", Topic.PROXY_USAGE, UsageData.class),
    KEY_CREATED("key.created", Topic.API_KEYS, ApiKeyData.class),
    KEY_UPDATED("key.updated", Topic.API_KEYS, ApiKeyData.class),
    KEY_DELETED("key.deleted", Topic.API_KEYS, ApiKeyData.class),
    ASSIGNMENT_STATE("assignment.state", Topic.ASSIGNMENT_STATE, AssignmentStateData.class),
    ASSIGNMENT_ENDED("assignment.ended", Topic.ASSIGNMENT_STATE, AssignmentStateData.class),
    PROXY_HEALTH_STATE("proxy.health-state", Topic.PROXY_HEALTH_STATE, HealthStateData.class),
    SETTINGS_CHANGED("settings.changed", Topic.FLEET_SETTINGS, SettingsData.class),
    PROVIDER_OUTAGE_STARTED("provider.outage-started", Topic.PROVIDER_HEALTH, ProviderOutageData.class),
    PROVIDER_OUTAGE_ENDED("provider.outage-ended", Topic.PROVIDER_HEALTH, ProviderOutageData.class),
    EGRESS_DOWN("egress.down", Topic.PROVIDER_HEALTH, EgressData.class),
    EGRESS_RESTORED("egress.restored", Topic.PROVIDER_HEALTH, EgressData.class);

    private final String ceType;
    private final Topic topic;
    private final Class<? extends EventData> dataType;

    EventType(String ceType, Topic topic, Class<? extends EventData> dataType) {
        this.ceType = ceType;
        this.topic = topic;
        this.dataType = dataType;
    }

    /** The {@code ce_type} header value. */
    public String ceType() {
        return ceType;
    }

    public Topic topic() {
        return topic;
    }

    public Class<? extends EventData> dataType() {
        return dataType;
    }

    /** The event type with this {@code ce_type}, if the contract knows it. */
    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
