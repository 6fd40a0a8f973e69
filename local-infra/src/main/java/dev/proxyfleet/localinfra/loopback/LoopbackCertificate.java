package dev.proxyfleet.localinfra.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1}, for an https target on loopback: in a PKCS#12 key store whose
 * random password never leaves this JVM, and in a PEM file for the clients that are to trust it. The JDK has no API
 * that makes certificates, so its {@code keytool} does.
 *
 * @param keyStore the key store, with the key under the alias {@code target}
 * @param pem the certificate alone
 */
record LoopbackCertificate(Path keyStore, String password, Path pem) {

    private static final String PASSWORD_VARIABLE = "LOOPBACK_KEY_STORE_PASSWORD";

    /** Makes a new key and certificate in {@code dir}, replacing any made there before. */
    static LoopbackCertificate create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("target.p12");
            Files.deleteIfExists(keyStore);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().encodeToString(random);
            keytool(keyStore, password);
            Path pem = dir.resolve("target.pem");
            Files.writeString(pem, pem(keyStore, password));
            return new LoopbackCertificate(keyStore, password, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a certificate for the https target in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(Path keyStore, String password) throws IOException {
        // The password goes through the environment, so that it shows in no process list.
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "target", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass:env", PASSWORD_VARIABLE).redirectErrorStream(true);
        keytool.environment().put(PASSWORD_VARIABLE, password);
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    private static String pem(Path keyStore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password.toCharArray());
        }
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN CERTIFICATE-----\n" + lines.encodeToString(store.getCertificate("target").getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Override
    public String toString() {
        return "LoopbackCertificate[" + pem + "]";
    }
}
