package dev.proxyfleet.health;

import dev.proxyfleet.localinfra.FleetTestResource;
import java.util.HashMap;
import java.util.Map;

/** The test JVM's Kafka and PostgreSQL, plus the local target site every scheduled probe fetches. */
public class HealthTestResource extends FleetTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("health.target-url", TargetServer.url("/ok"));
        return config;
    }
}
