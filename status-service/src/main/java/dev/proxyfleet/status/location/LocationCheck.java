package dev.proxyfleet.status.location;

import dev.proxyfleet.status.model.ProxyStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The location check: the country of each proxy's exit IP, from the GeoIP database the operator provides
 * ({@code status.geoip-database}; none is shipped), against the country its {@code location} names
 * ({@link LocationCountry}). Without a database the check is off, and says so. Opened at start, so that a database
 * configured but missing fails the start instead of turning the check off. The file is looked at again every
 * {@code status.geoip-check-interval} ({@link #reloadIfReplaced}): GeoIP databases are updated weekly, and an update is
 * put in place without a restart.
 */
@Startup
@ApplicationScoped
public class LocationCheck {

    private final Optional<Path> file;
    /**
     * Null: the check is off. Replaced by a reload; the one replaced is not closed but left to the garbage collector,
     * since a refresh running meanwhile may still look up in it.
     */
    private volatile GeoIpDatabase database;
    /** The file as it was last read, or last failed to be read: a reload is tried once per replacement. */
    private FileStamp read;

    /** What tells one version of the file from another: its inode (a file moved into place is a new one), size and time. */
    private record FileStamp(Object key, long size, FileTime modified) {

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }
    }

    public LocationCheck(@ConfigProperty(name = "status.geoip-database") Optional<Path> database) {
        this.file = database;
        this.read = database.map(LocationCheck::stamp).orElse(null);
        this.database = database.map(GeoIpDatabase::open).orElse(null);
        if (this.database == null) {
            Log.info("Location check off: no GeoIP database configured (status.geoip-database)");
        } else {
            Log.infof("Location check on: exit countries from the GeoIP database %s", this.database.describe());
        }
    }

    private static FileStamp stamp(Path file) {
        try {
            return FileStamp.of(file);
        } catch (IOException e) {
            return null; // the open that follows fails, naming the file
        }
    }

    /**
     * Reads the database again when its file was replaced since it was read; answers whether it was, so that every
     * proxy is located anew. A replacement that cannot be read (missing, half written, of another kind) leaves the
     * database in use, with a warning, until the file changes again.
     */
    public synchronized boolean reloadIfReplaced() {
        if (file.isEmpty()) {
            return false;
        }
        FileStamp now = stamp(file.get());
        if (Objects.equals(now, read)) {
            return false;
        }
        read = now;
        try {
            database = GeoIpDatabase.open(file.get());
        } catch (IllegalStateException e) {
            Log.warnf("The GeoIP database was replaced by a file that cannot be read; the one read before stays in use: %s",
                    e.getMessage());
            return false;
        }
        Log.infof("Location check: the GeoIP database was replaced, every proxy is located anew with %s", database.describe());
        return true;
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
        GeoIpDatabase current = database;
        if (current == null) {
            return proxies;
        }
        return proxies.stream().map(proxy -> located(current, proxy)).toList();
    }

    private ProxyStatus located(GeoIpDatabase database, ProxyStatus proxy) {
        String exitCountry = database.country(proxy.exitIp()).orElse(null);
        String named = LocationCountry.of(proxy.location());
        return proxy.located(exitCountry, exitCountry == null || named == null ? null : !named.equals(exitCountry));
    }
}
