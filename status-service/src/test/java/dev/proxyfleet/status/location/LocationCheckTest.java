package dev.proxyfleet.status.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import dev.proxyfleet.status.model.ProxyStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each proxy's exit country and whether its location matches: a mismatch only where both countries are known, nothing
 * at all while the check is off; and a configured database that is missing fails the start.
 */
class LocationCheckTest {

    @TempDir
    Path dir;

    @Test
    void flagsAProxyWhoseLocationNamesAnotherCountryThanItsExitIpIsIn() {
        LocationCheck check = new LocationCheck(Optional.of(TinyGeoIpDatabase.write(dir.resolve("db.mmdb"),
                "GeoLite2-Country", Map.of("127.0.0.2/32", "DE", "127.0.0.3/32", "US"))));

        List<ProxyStatus> located = check.located(List.of(proxy(1, "de-Frankfurt", "127.0.0.2"),
                proxy(2, "DE-Frankfurt", "127.0.0.3"), proxy(3, "Frankfurt", "127.0.0.3"), proxy(4, "US", "127.0.0.9"),
                proxy(5, "US", null)));

        assertThat(check.on()).isTrue();
        assertThat(located).extracting(ProxyStatus::exitCountry).containsExactly("DE", "US", "US", null, null);
        assertThat(located).extracting(ProxyStatus::locationMismatch).containsExactly(false, true, null, null, null);
        assertThat(located.get(1)).usingRecursiveComparison().ignoringFields("exitCountry", "locationMismatch")
                .isEqualTo(proxy(2, "DE-Frankfurt", "127.0.0.3"));
    }

    @Test
    void aDatabaseMovedIntoPlaceIsReadAgainOnceAndOneThatCannotBeReadLeavesTheOldInUse() throws IOException {
        Path file = TinyGeoIpDatabase.write(dir.resolve("db.mmdb"), "GeoLite2-Country", Map.of("127.0.0.2/32", "DE"));
        LocationCheck check = new LocationCheck(Optional.of(file));
        List<ProxyStatus> proxies = List.of(proxy(1, "DE", "127.0.0.2"), proxy(2, "FR", "127.0.0.4"));
        assertThat(check.reloadIfReplaced()).as("not replaced").isFalse();

        // an update as operators put it in place: written beside it, then moved over it
        Path update = TinyGeoIpDatabase.write(dir.resolve("update.mmdb"), "GeoLite2-Country",
                Map.of("127.0.0.2/32", "AT", "127.0.0.4/32", "FR"));
        Files.move(update, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(check.reloadIfReplaced()).isTrue();
        assertThat(check.reloadIfReplaced()).as("read already").isFalse();
        assertThat(check.located(proxies)).extracting(ProxyStatus::exitCountry).containsExactly("AT", "FR");
        assertThat(check.located(proxies)).extracting(ProxyStatus::locationMismatch).containsExactly(true, false);

        Files.move(Files.writeString(dir.resolve("broken.mmdb"), "no database"), file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        assertThat(check.reloadIfReplaced()).isFalse();
        assertThat(check.located(proxies)).extracting(ProxyStatus::exitCountry).containsExactly("AT", "FR");
        Files.delete(file);
        assertThat(check.reloadIfReplaced()).isFalse();
        assertThat(check.on()).isTrue();
        assertThat(check.located(proxies)).extracting(ProxyStatus::exitCountry).containsExactly("AT", "FR");
    }

    @Test
    void withoutADatabaseTheCheckIsOffAndLocatesNothing() {
        LocationCheck check = new LocationCheck(Optional.empty());
        ProxyStatus proxy = proxy(1, "DE", "127.0.0.3");

        assertThat(check.on()).isFalse();
        assertThat(check.located(List.of(proxy))).containsExactly(proxy);
        assertThat(proxy.exitCountry()).isNull();
        assertThat(proxy.locationMismatch()).isNull();
    }

    @Test
    void aConfiguredDatabaseThatIsMissingFailsTheStartNamingIt() {
        Path missing = dir.resolve("GeoIP2-City.mmdb");
        assertThatThrownBy(() -> new LocationCheck(Optional.of(missing))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status.geoip-database").hasMessageContaining(missing.toString());
    }

    private static ProxyStatus proxy(long id, String location, String exitIp) {
        return new ProxyStatus(id, "h", 1, "http", null, null, location, List.of(), 0, true, ProxyStatus.HEALTHY, null,
                null, 0, null, null, exitIp, null, null, null, 0, 3, null, null, null, 0, 0, null, 0, 2, List.of());
    }
}
