package dev.proxyfleet.status.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MaxMind's reader finds the countries {@link TinyGeoIpDatabase} wrote, in a Country database as in a City one; and a
 * database configured but missing or of the wrong kind fails the start, naming the file.
 */
class GeoIpDatabaseTest {

    private static final Map<String, String> COUNTRIES = Map.of("127.0.0.2/32", "DE", "127.0.0.3/32", "US",
            "127.0.1.0/24", "FR");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"GeoLite2-Country", "GeoIP2-City"})
    void findsTheCountryOfEachAddressItKnows(String type) throws IOException {
        try (GeoIpDatabase database = GeoIpDatabase.open(TinyGeoIpDatabase.write(dir.resolve("db.mmdb"), type, COUNTRIES))) {
            assertThat(database.country("127.0.0.2")).contains("DE");
            assertThat(database.country("127.0.0.3")).contains("US");
            assertThat(database.country("127.0.1.77")).contains("FR");
            assertThat(database.country("127.0.0.4")).isEmpty();
            assertThat(database.country("10.0.0.2")).isEmpty();
            assertThat(database.describe()).contains("db.mmdb", type);
        }
    }

    @Test
    void knowsNoCountryOfWhatIsNoAddressNorOfAnIpv6AddressInAnIpv4Database() throws IOException {
        // the IPv4 tree would take the first 32 bits of ::7f00:2 for 0.0.0.0, which it knows
        try (GeoIpDatabase database = GeoIpDatabase.open(TinyGeoIpDatabase.write(dir.resolve("db.mmdb"), "GeoLite2-Country",
                Map.of("0.0.0.0/1", "DE")))) {
            assertThat(database.country("0.0.0.1")).contains("DE");
            assertThat(database.country("::7f00:2")).isEmpty();
            assertThat(database.country("localhost")).isEmpty();
            assertThat(database.country(null)).isEmpty();
        }
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path missing = dir.resolve("GeoLite2-Country.mmdb");
        assertThatThrownBy(() -> GeoIpDatabase.open(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not a readable file");
    }

    @Test
    void aFileThatIsNoMaxMindDatabaseFailsNamingIt() throws IOException {
        Path text = Files.writeString(dir.resolve("countries.csv"), "127.0.0.2,DE\n");
        assertThatThrownBy(() -> GeoIpDatabase.open(text)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a readable MaxMind database");
    }

    @Test
    void aDatabaseWithoutCountriesFailsNamingIt() {
        Path asn = TinyGeoIpDatabase.write(dir.resolve("asn.mmdb"), "GeoLite2-ASN", COUNTRIES);
        assertThatThrownBy(() -> GeoIpDatabase.open(asn)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(asn.toString()).hasMessageContaining("not a GeoIP2/GeoLite2 Country or City database");
    }
}
