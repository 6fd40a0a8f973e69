package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DebianPackagesTest {

    @Test
    void findsAProgramOnThePathWithoutInstallingAnything() {
        assertThat(DebianPackages.ensure("sh", "dash")).hasValueSatisfying(path -> assertThat(path.getFileName()).hasToString("sh"));
    }

    @Test
    void doesNotInventAProgramThatDoesNotExist() {
        assertThat(DebianPackages.onPath("no-such-program-" + System.nanoTime())).isEmpty();
    }

    @Test
    void tellsHowToInstallWhatIsMissing() {
        assertThat(DebianPackages.missingMessage("tinyproxy", "tinyproxy")).contains("apt-get install tinyproxy");
    }
}
