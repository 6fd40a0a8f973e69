package dev.proxyfleet.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.proxyfleet.localinfra.DebianPackages;
import java.nio.file.Path;
import java.util.Optional;

/** What every system test starts before its fleet and stops after it. */
final class TestParts {

    private TestParts() {
    }

    /** A program the test drives (browser, driver, a real proxy); the test is skipped where it cannot be had. */
    static Path program(String command, String debianPackage) {
        Optional<Path> path = DebianPackages.ensure(command, debianPackage);
        assumeTrue(path.isPresent(), () -> DebianPackages.missingMessage(command, debianPackage));
        return path.get();
    }

    /** Stops the parts in order (the browser first, with its WebSocket); each even if an earlier one fails to stop. */
    static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + part + ": " + e.getMessage());
            }
        }
    }
}
