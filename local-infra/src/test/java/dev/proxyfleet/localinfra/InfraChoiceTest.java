package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfraChoiceTest {

    private static final InfraChoice.EngineProbe ENGINE = explainFailure -> true;
    private static final InfraChoice.EngineProbe NO_ENGINE = explainFailure -> false;
    /** For settings that must decide without asking the engine. */
    private static final InfraChoice.EngineProbe NOT_TO_BE_ASKED = explainFailure -> {
        throw new AssertionError("the engine was probed although the setting decides alone");
    };

    @Test
    void autoTakesContainersWhereAnEngineIsReachable() {
        assertThat(InfraChoice.choose("auto", ENGINE)).isEqualTo(InfraChoice.CONTAINERS);
    }

    @Test
    void autoTakesTheLocalServersWhereNoEngineIsReachable() {
        assertThat(InfraChoice.choose("auto", NO_ENGINE)).isEqualTo(InfraChoice.LOCAL);
    }

    @Test
    void noSettingMeansAuto() {
        assertThat(InfraChoice.choose(null, ENGINE)).isEqualTo(InfraChoice.CONTAINERS);
        assertThat(InfraChoice.choose(" ", NO_ENGINE)).isEqualTo(InfraChoice.LOCAL);
    }

    @Test
    void forcedLocalNeverAsksTheEngine() {
        assertThat(InfraChoice.choose("local", NOT_TO_BE_ASKED)).isEqualTo(InfraChoice.LOCAL);
    }

    @Test
    void forcedContainersTakeContainersWhereAnEngineIsReachable() {
        assertThat(InfraChoice.choose(" Containers ", ENGINE)).isEqualTo(InfraChoice.CONTAINERS);
    }

    @Test
    void forcedContainersWithoutAnEngineFailSayingHowToRunAnyway() {
        assertThatThrownBy(() -> InfraChoice.choose("containers", NO_ENGINE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fleet.test.infra=containers, but no container engine is reachable (Testcontainers logs why)")
                .hasMessageContaining("fleet.test.infra=local or auto");
    }

    @Test
    void onlyForcedContainersAskTheEngineToExplainAFailure() {
        List<Boolean> explained = new ArrayList<>();
        InfraChoice.EngineProbe recording = explainFailure -> explained.add(explainFailure);

        InfraChoice.choose("auto", recording);
        InfraChoice.choose("containers", recording);

        assertThat(explained).as("auto, where no engine is normal, asks quietly").containsExactly(false, true);
    }

    @Test
    void refusesAnUnknownSettingNamingTheKnownOnes() {
        assertThatThrownBy(() -> InfraChoice.choose("docker", NOT_TO_BE_ASKED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fleet.test.infra=docker is not one of containers, local, auto");
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentVariable() {
        Properties properties = new Properties();
        properties.setProperty("fleet.test.infra", "local");
        Map<String, String> environment = Map.of("FLEET_TEST_INFRA", "containers");

        assertThat(InfraChoice.setting(properties, environment)).isEqualTo("local");
        assertThat(InfraChoice.setting(new Properties(), environment)).isEqualTo("containers");
        assertThat(InfraChoice.setting(new Properties(), Map.of())).isNull();
    }
}
