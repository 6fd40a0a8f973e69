package dev.proxyfleet.localinfra;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * The engine probe of the tests: Testcontainers' own answer, the one that decides whether its containers can start.
 * Without an engine it answers in well under a second; each socket it tries is bounded by its client.ping.timeout.
 */
final class ContainerEngine {

    /** Testcontainers reports its search for an engine at INFO, and its failure, every way it tried, as an ERROR. */
    private static final Logger TESTCONTAINERS = Logger.getLogger("org.testcontainers");

    private ContainerEngine() {
    }

    /**
     * @param explainFailure false to keep Testcontainers' report of its search out of the log. It is muted through
     *        java.util.logging, which is the JBoss LogManager in Quarkus tests; other logging back-ends still print it.
     */
    static boolean reachable(boolean explainFailure) {
        if (explainFailure) {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        Level before = TESTCONTAINERS.getLevel();
        TESTCONTAINERS.setLevel(Level.OFF);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } finally {
            TESTCONTAINERS.setLevel(before);
        }
    }
}
