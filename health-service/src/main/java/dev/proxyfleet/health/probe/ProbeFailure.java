package dev.proxyfleet.health.probe;

import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Why a probe got no response, in a few words and without credentials. */
final class ProbeFailure {

    static final String PROXY_AUTH_FAILED = "proxy authentication failed";
    private static final String TLS_FAILED = "TLS handshake failed: ";
    /**
     * How Netty's HTTP CONNECT and SOCKS5 handlers report refused or missing credentials: a 401/407 status, a failed
     * SOCKS5 password exchange, or no method the proxy accepts. Any other method a SOCKS5 proxy answers with is a broken
     * handshake, not a login, and is told as itself.
     */
    private static final Pattern AUTH_REFUSED = Pattern.compile("\\b40[17]\\b|authStatus: |authMethod: UNACCEPTED");
    /** How the JDK's hostname check reports a certificate for another name or address. */
    private static final Pattern OTHER_HOST = Pattern.compile("No (subject alternative|name matching)");

    private ProbeFailure() {
    }

    /**
     * The TLS failure in the cause chain first (its texts could look like an authentication failure), then refused
     * proxy credentials, else the failure's own message cleaned of {@code password}.
     */
    static String describe(Throwable failure, String password) {
        List<Throwable> chain = chain(failure);
        if (chain.stream().anyMatch(SSLException.class::isInstance)) {
            return TLS_FAILED + tlsReason(chain, password);
        }
        String message = message(failure);
        return AUTH_REFUSED.matcher(message).find() ? PROXY_AUTH_FAILED : ErrorText.clean(message, password);
    }

    private static String tlsReason(List<Throwable> chain, String password) {
        if (chain.stream().anyMatch(e -> e instanceof CertPathBuilderException || e instanceof CertPathValidatorException)) {
            return "certificate not trusted";
        }
        if (chain.stream().anyMatch(e -> OTHER_HOST.matcher(message(e)).find())) {
            return "certificate does not match the host";
        }
        if (chain.stream().anyMatch(NotSslRecordException.class::isInstance)) {
            return "target does not speak TLS";
        }
        return ErrorText.clean(message(chain.get(chain.size() - 1)), password);
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = failure; e != null && !chain.contains(e); e = e.getCause()) {
            chain.add(e);
        }
        return chain;
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
