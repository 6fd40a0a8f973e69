package dev.proxyfleet.localinfra;

import dev.proxyfleet.crypto.ApiTokenDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The secrets of a local run, each generated once into a file only its owner can read and kept between runs: the
 * key the services encrypt stored proxy credentials with (a new key would make every credential stored by an
 * earlier run unreadable, so its value is never printed) and the admin API token (printed, so the user can call the
 * APIs and use the dashboard's operations).
 */
final class LocalSecrets {

    /** The credential key's id, also the primary key id the services are given. */
    static final String KEY_ID = "local-1";
    /** The admin token's file in the data directory. */
    static final String ADMIN_TOKEN_FILE = "admin-token";

    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LocalSecrets() {
    }

    /** The credential key as {@code local-1:<base64>} (the {@code FLEET_CRYPTO_KEYS} format). */
    static String credentialKey(Path dataDir) {
        return loadOrCreate(dataDir.resolve("credential-key"), () -> {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            return KEY_ID + ":" + Base64.getEncoder().encodeToString(key);
        }, LocalSecrets::isCredentialKey, "a " + KEY_BYTES + "-byte key as " + KEY_ID + ":<base64>; delete it only if no stored credential needs it");
    }

    /** The admin API token of the local run. */
    static String adminToken(Path dataDir) {
        return loadOrCreate(dataDir.resolve(ADMIN_TOKEN_FILE), ApiTokenDigest::generate,
                token -> token.startsWith(ApiTokenDigest.PREFIX), "an API token (" + ApiTokenDigest.PREFIX + "…); delete it to get a new one");
    }

    private static String loadOrCreate(Path file, Supplier<String> generator, Predicate<String> valid, String expected) {
        try {
            if (!Files.exists(file)) {
                create(file, generator.get());
            }
            restrictToOwner(file);
            String content = Files.readString(file).trim();
            if (!valid.test(content)) {
                // the message must not echo the content
                throw new IllegalStateException(file + " does not hold " + expected);
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static boolean isCredentialKey(String content) {
        String prefix = KEY_ID + ":";
        try {
            return content.startsWith(prefix) && Base64.getDecoder().decode(content.substring(prefix.length())).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static void create(Path file, String secret) throws IOException {
        // Written aside and moved in, so an interrupted first run never leaves a half-written secret behind.
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", ownerOnly(file));
        try {
            Files.writeString(temp, secret + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (isPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return isPosix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
