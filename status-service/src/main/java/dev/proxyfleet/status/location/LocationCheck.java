package dev.proxyfleet.status.location;

import dev.proxyfleet.status.model.ProxyStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The location check: the country of each proxy's exit IP, from the GeoIP database the operator provides
 * ({@code status.geoip-database}; none is shipped), against the country its {@code location} names
 * ({@link LocationCountry}). Without a database the check is off, and says so. Opened at start, so that a database
 * configured but missing fails the start instead of turning the check off.
 */
@Startup
@ApplicationScoped
public class LocationCheck {

    /** Null: the check is off. */
    private final GeoIpDatabase database;

    public LocationCheck(@ConfigProperty(name = "status.geoip-database") Optional<Path> database) {
        this.database = database.map(GeoIpDatabase::open).orElse(null);
        if (this.database == null) {
            Log.info("Location check off: no GeoIP database configured (status.geoip-database)");
        } else {
            Log.infof("Location check on: exit countries from the GeoIP database %s", this.database.describe());
        }
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (database != null) {
            database.close();
        }
    }

    /** Whether a GeoIP database is configured. */
    public boolean on() {
        return database != null;
    }

    /**
     * The proxies with their exit country and whether their location matches it. Called on the model's refresh thread,
     * never on an event loop: a lookup in the memory-mapped database takes microseconds, but may wait for the disk the
     * first time it touches a page.
     */
    public List<ProxyStatus> located(List<ProxyStatus> proxies) {
        if (database == null) {
            return proxies;
        }
        return proxies.stream().map(this::located).toList();
    }

    private ProxyStatus located(ProxyStatus proxy) {
        String exitCountry = database.country(proxy.exitIp()).orElse(null);
        String named = LocationCountry.of(proxy.location());
        return proxy.located(exitCountry, exitCountry == null || named == null ? null : !named.equals(exitCountry));
    }
}
