package dev.proxyfleet.localinfra;

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

/**
 * The key the services encrypt stored proxy credentials with during a local run, as {@code local-1:<base64>} (the
 * {@code FLEET_CRYPTO_KEYS} format). It is generated once and kept, because a new key would make every credential
 * stored by an earlier run unreadable. Its value is never printed.
 */
final class CredentialKeyFile {

    /** The key's id, also the primary key id the services are given. */
    static final String KEY_ID = "local-1";

    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CredentialKeyFile() {
    }

    /** Reads the key from {@code file}, creating the file with a new random key on first use. */
    static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            restrictToOwner(file);
            return validated(Files.readString(file).trim(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the credential key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        // Written aside and moved in, so an interrupted first run never leaves a half-written key behind.
        Path temp = Files.createTempFile(file.getParent(), ".credential-key", ".tmp", ownerOnly(file));
        try {
            Files.writeString(temp, KEY_ID + ":" + Base64.getEncoder().encodeToString(key) + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String validated(String content, Path file) {
        String prefix = KEY_ID + ":";
        try {
            if (content.startsWith(prefix)
                    && Base64.getDecoder().decode(content.substring(prefix.length())).length == KEY_BYTES) {
                return content;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below; the message must not echo the content
        }
        throw new IllegalStateException(file + " does not hold a " + KEY_BYTES + "-byte key as " + prefix
                + "<base64>; delete it only if no stored credential needs it");
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
