package dev.proxyfleet.localinfra.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's data directory: emptied on every demo start, and never one that may hold a real fleet. */
class DemoFleetTest {

    private static final String TOKEN = "admin-token";

    @TempDir
    Path dir;

    @Test
    void aFreshDirectoryIsMarkedAsTheDemos() {
        Path data = dir.resolve("demo");
        DemoFleet.resetDataDir(data, TOKEN);
        assertThat(data.resolve(DemoFleet.MARKER)).exists();
    }

    @Test
    void anEarlierDemosDataIsEmptiedButTheAdminTokenKept() throws IOException {
        DemoFleet.resetDataDir(dir, TOKEN);
        Files.writeString(dir.resolve(TOKEN), "pft_kept");
        Files.createDirectories(dir.resolve("postgres/base"));
        Files.writeString(dir.resolve("postgres/base/1"), "rows");

        DemoFleet.resetDataDir(dir, TOKEN);

        assertThat(dir.resolve("postgres")).doesNotExist();
        assertThat(dir.resolve(TOKEN)).hasContent("pft_kept");
        assertThat(dir.resolve(DemoFleet.MARKER)).exists();
    }

    @Test
    void aDirectoryWithDataThatIsNotADemosIsRefusedAndLeftAlone() throws IOException {
        Files.createDirectories(dir.resolve("kafka"));

        assertThatThrownBy(() -> DemoFleet.resetDataDir(dir, TOKEN)).hasMessageContaining("not a demo's");
        assertThat(dir.resolve("kafka")).exists();
        assertThat(dir.resolve(DemoFleet.MARKER)).doesNotExist();
    }

    @Test
    void aDirectoryHoldingOnlyAnAdminTokenMayBecomeTheDemos() throws IOException {
        Files.writeString(dir.resolve(TOKEN), "pft_given");
        DemoFleet.resetDataDir(dir, TOKEN);
        assertThat(dir.resolve(TOKEN)).hasContent("pft_given");
    }
}
