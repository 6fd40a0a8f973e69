package dev.proxyfleet.health.probe;

import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities an https target's certificate must chain to: the JVM's own, plus the certificates of an
 * optional PEM file (a private CA, or a test's self-signed target). Nothing else is trusted, ever.
 */
final class TargetTrust {

    private TargetTrust() {
    }

    /** @param extraPem a PEM file of further trusted certificates; when unreadable or without one, this fails */
    static TrustOptions of(Optional<Path> extraPem) {
        try {
            TrustManagerFactory jvm = trustManagers(null);
            if (extraPem.isEmpty()) {
                return TrustOptions.wrap(jvm);
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            List<Certificate> all = new ArrayList<>(List.of(jvmAuthorities(jvm)));
            all.addAll(certificates(extraPem.get()));
            for (int i = 0; i < all.size(); i++) {
                anchors.setCertificateEntry("anchor-" + i, all.get(i));
            }
            return TrustOptions.wrap(trustManagers(anchors));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the trust for https targets: " + e, e);
        }
    }

    private static TrustManagerFactory trustManagers(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return factory;
    }

    private static X509Certificate[] jvmAuthorities(TrustManagerFactory jvm) {
        return ((X509TrustManager) jvm.getTrustManagers()[0]).getAcceptedIssuers();
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return certificates;
        }
    }
}
