package dev.proxyfleet.status.location;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The country a proxy's {@code location} names. Locations are free text ({@code DE-Frankfurt}, {@code US}, {@code de},
 * {@code GB London}); a location names a country when it starts with two letters that end it or are followed by
 * {@code -}, {@code _}, {@code /}, a space or {@code ,}, and those two letters, in either case, are an ISO 3166-1
 * alpha-2 code. Anything else names no country: {@code Frankfurt}, {@code DEU}, {@code UK-London} (UK is not an ISO
 * code; Britain's is GB). An unknown location is never a mismatch, so a word that merely looks like a code must not
 * count as one.
 */
public final class LocationCountry {

    private static final Pattern LEADING_CODE = Pattern.compile("([A-Za-z]{2})(?:$|[-_/ ,])");
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private LocationCountry() {
    }

    /** The upper-case ISO code {@code location} starts with, or null when it names no country. */
    public static String of(String location) {
        if (location == null) {
            return null;
        }
        Matcher leading = LEADING_CODE.matcher(location.strip());
        if (!leading.lookingAt()) {
            return null;
        }
        String code = leading.group(1).toUpperCase(Locale.ROOT);
        return ISO_CODES.contains(code) ? code : null;
    }
}
