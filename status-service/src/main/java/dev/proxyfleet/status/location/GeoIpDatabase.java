package dev.proxyfleet.status.location;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import io.netty.util.NetUtil;
import io.quarkus.logging.Log;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A MaxMind database the operator provides (GeoIP2 or GeoLite2, Country or City: every one of them knows each network's
 * country), read memory-mapped: the country of an exit IP.
 */
public final class GeoIpDatabase implements Closeable {

    private final Path file;
    private final DatabaseReader reader;
    private final boolean ipv4Only;

    private GeoIpDatabase(Path file, DatabaseReader reader) {
        this.file = file;
        this.reader = reader;
        this.ipv4Only = reader.getMetadata().getIpVersion() == 4;
    }

    /**
     * Opens the database, or fails naming the file: one that is missing, unreadable, no MaxMind database, or one that
     * knows no countries (an ASN database, say) would otherwise turn the check off without anyone noticing.
     */
    public static GeoIpDatabase open(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("status.geoip-database: " + file + " is not a readable file");
        }
        try {
            DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).build();
            // a lookup tells whether the database has countries: the reader decides that by its type
            reader.tryCountry(InetAddress.getByAddress(new byte[4]));
            return new GeoIpDatabase(file, reader);
        } catch (IOException | GeoIp2Exception e) {
            throw new IllegalStateException("status.geoip-database: " + file + " is not a readable MaxMind database: "
                    + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("status.geoip-database: " + file
                    + " is not a GeoIP2/GeoLite2 Country or City database: " + e.getMessage(), e);
        }
    }

    /** What the operator is told it is: the file, the database's type and when it was built. */
    public String describe() {
        return file + " (" + reader.getMetadata().getDatabaseType() + ", built " + reader.getMetadata().getBuildDate()
                .toInstant() + ")";
    }

    /**
     * The ISO 3166-1 alpha-2 code of the country the address is in; empty when the database does not know it, or the
     * address is no IP literal (health-service publishes literals only: a name is never looked up here).
     */
    public Optional<String> country(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        // an IPv4 database's tree would read the first 32 bits of an IPv6 address as an IPv4 one
        if (bytes == null || bytes.length == 16 && ipv4Only) {
            return Optional.empty();
        }
        try {
            return reader.tryCountry(InetAddress.getByAddress(bytes))
                    .map(found -> found.getCountry().getIsoCode());
        } catch (IOException | GeoIp2Exception e) {
            Log.warnf("The GeoIP database %s could not look up %s: %s", file, address, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
