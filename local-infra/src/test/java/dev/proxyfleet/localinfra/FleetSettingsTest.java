package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSettingsTest {

    @TempDir
    Path home;

    @Test
    void servicesTakeConsecutivePortsFromTheFirstServicePort() {
        FleetSettings settings = settings(Map.of("FLEET_SERVICE_PORT", "9101"));

        assertThat(FleetSettings.ALL_SERVICES).extracting(settings::port).containsExactly(9101, 9102, 9103, 9104);
        assertThat(settings(Map.of()).port("status-service")).isEqualTo(8084);
    }

    @Test
    void theDashboardIsToldWhereTheOtherServicesAreAndEveryServiceAllowsItsOrigin() {
        FleetSettings settings = settings(Map.of("FLEET_SERVICE_PORT", "9101"));

        assertThat(settings.dashboardWiring("status-service")).containsOnly(
                Map.entry("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:9104,http://127.0.0.1:9104"),
                Map.entry("STATUS_UI_INVENTORY_URL", "http://127.0.0.1:9101"),
                Map.entry("STATUS_UI_ASSIGNMENT_URL", "http://127.0.0.1:9102"),
                Map.entry("STATUS_UI_HEALTH_URL", "http://127.0.0.1:9103"));
        assertThat(settings.dashboardWiring("inventory-service")).containsOnlyKeys("QUARKUS_HTTP_CORS_ORIGINS");
    }

    @Test
    void refusesAFirstServicePortThatLeavesNoRoomForTheOthers() {
        assertThatThrownBy(() -> settings(Map.of("FLEET_SERVICE_PORT", "65533")))
                .hasMessageContaining("FLEET_SERVICE_PORT=65533");
    }

    @Test
    void theDemoKeepsItsDataApartAndNeedsEveryService() throws IOException {
        for (String module : FleetSettings.ALL_SERVICES) {
            Path jar = ServiceProcess.runnerJar(home.resolve(module));
            Files.createDirectories(jar.getParent());
            Files.createFile(jar);
        }
        Path cwd = Path.of("").toAbsolutePath();

        assertThat(settings(Map.of(), true).dataDir()).isEqualTo(cwd.resolve(".local-demo"));
        assertThat(settings(Map.of(), false).dataDir()).isEqualTo(cwd.resolve(".local"));
        assertThat(settings(Map.of(), true).services()).hasSize(4);
        assertThatThrownBy(() -> settings(Map.of("FLEET_SERVICES", "inventory,status"), true))
                .hasMessageContaining("The demo needs every service").hasMessageContaining("FLEET_SERVICES");
    }

    private FleetSettings settings(Map<String, String> env) {
        return settings(env, false);
    }

    private FleetSettings settings(Map<String, String> env, boolean demo) {
        Map<String, String> all = new HashMap<>(env);
        all.put("FLEET_HOME", home.toString());
        return FleetSettings.fromEnvironment(all, demo);
    }
}
