package dev.proxyfleet.status.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the web UI's operations find the services that own the data (they answer it with CORS). */
@ConfigMapping(prefix = "status.ui")
public interface UiConfig {

    @WithDefault("http://localhost:8081")
    String inventoryUrl();

    @WithDefault("http://localhost:8082")
    String assignmentUrl();

    @WithDefault("http://localhost:8083")
    String healthUrl();
}
