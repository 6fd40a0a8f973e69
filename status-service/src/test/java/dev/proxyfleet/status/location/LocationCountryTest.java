package dev.proxyfleet.status.location;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A location names a country by a leading two-letter ISO code, in either case, standing alone or before a separator. */
class LocationCountryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DE-Frankfurt|DE", "US|US", "de|DE", "GB London|GB", "fr_paris|FR", "NL/Amsterdam|NL", "ch,Zurich|CH",
        "' de-Berlin'|DE", "Us-east|US"})
    void aLeadingCodeNamesItsCountry(String location, String country) {
        assertThat(LocationCountry.of(location)).isEqualTo(country);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Frankfurt", "DEU", "DE1", "DE.Frankfurt", "D", "UK-London", "EU", "eu-west", "Frankfurt DE",
        "loc-123"})
    void anythingElseNamesNone(String location) {
        assertThat(LocationCountry.of(location)).isNull();
    }
}
