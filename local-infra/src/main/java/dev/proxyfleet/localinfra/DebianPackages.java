package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Programs the tests need from Debian (real proxy servers, a browser): found on the PATH, or installed with
 * {@code apt-get} when the tests run as root, so that the README's test command needs no manual set-up. Where neither
 * works, callers skip with {@link #missingMessage}.
 */
public final class DebianPackages {

    private static final long INSTALL_MINUTES = 10;
    private static boolean updated;

    private DebianPackages() {
    }

    /**
     * The program {@code command}, installing the package {@code debianPackage} first if it is missing and this
     * process may install.
     *
     * @return the program's path, or empty when it is missing and cannot be installed here
     */
    public static synchronized Optional<Path> ensure(String command, String debianPackage) {
        Optional<Path> found = onPath(command);
        if (found.isPresent() || !canInstall()) {
            return found;
        }
        if (!updated) {
            run(List.of("apt-get", "update", "-q"));
            updated = true;
        }
        run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage));
        return onPath(command);
    }

    /** Why a test that needs {@code command} is skipped, with what to do about it. */
    public static String missingMessage(String command, String debianPackage) {
        return command + " is not installed and cannot be installed by this user: run 'sudo apt-get install "
                + debianPackage + "' (or run the tests as root) to include these tests";
    }

    /** The first executable called {@code command} on the PATH, or in the sbin directories apt installs daemons to. */
    public static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean canInstall() {
        return "root".equals(System.getProperty("user.name")) && onPath("apt-get").isPresent();
    }

    private static void run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took more than " + INSTALL_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
