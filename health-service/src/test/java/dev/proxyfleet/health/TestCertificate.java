package dev.proxyfleet.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate and its key, made by the JDK's own keytool (no certificate library is on the classpath).
 *
 * @param keyStore a PKCS12 file holding the key and certificate, protected by {@link #PASSWORD}
 */
public record TestCertificate(Path keyStore) {

    private static final String PASSWORD = "changeit";
    private static final String ALIAS = "target";

    /** @param subjectAltName what the certificate is valid for, in keytool's syntax: {@code ip:127.0.0.1}, {@code dns:x} */
    public static TestCertificate issue(String subjectAltName) {
        try {
            Path file = Files.createTempFile("target", ".p12");
            Files.delete(file);
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=proxyfleet test target", "-ext", "SAN=" + subjectAltName,
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool could not issue a certificate for " + subjectAltName);
            }
            return new TestCertificate(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A server-side TLS context that presents this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM form, as a trust file holds it. */
    public String pem() {
        try {
            byte[] der = load().getCertificate(ALIAS).getEncoded();
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
