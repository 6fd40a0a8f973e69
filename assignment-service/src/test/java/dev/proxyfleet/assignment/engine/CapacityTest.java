package dev.proxyfleet.assignment.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.assignment.engine.Capacity.Load;
import dev.proxyfleet.assignment.engine.Capacity.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How free slots are usable or stranded for each model, without a database. */
class CapacityTest {

    /** After A×7, B×4, C×3, D×2 on four proxies of three: A on three (two slots free), B on the fourth. */
    @Test
    void slotsFreeOnOneModelsProxiesAreStrandedForTheModelsThatWait() {
        Capacity capacity = Capacity.of(List.of(new Load("B", 1, 3, 0, 1), new Load("C", 0, 0, 0, 3),
                new Load("D", 0, 0, 0, 2), new Load("A", 3, 7, 2, 0)), 0, 0);

        assertThat(capacity.models()).containsExactly(new Model("B", 1, 3, 1, 0, 2), new Model("C", 0, 0, 3, 0, 2),
                new Model("D", 0, 0, 2, 0, 2), new Model("A", 3, 7, 0, 2, 0));
        assertThat(capacity.strandedSlots()).isEqualTo(2);
        assertThat(capacity.freeSlots()).isEqualTo(2);
    }

    @Test
    void emptyProxiesAreUsableByEveryModelAndNothingIsStrandedWhileNoOtherModelWaits() {
        Capacity capacity = Capacity.of(List.of(new Load("A", 2, 4, 2, 0), new Load("B", 1, 3, 0, 5)), 1, 3);

        assertThat(capacity.models()).extracting(Model::usable).containsExactly(5L, 3L);
        assertThat(capacity.models()).extracting(Model::stranded).containsExactly(0L, 2L);
        assertThat(capacity.strandedSlots()).as("A's free slots, while B waits").isEqualTo(2);
        assertThat(capacity.freeSlots()).isEqualTo(5);
        assertThat(Capacity.of(List.of(new Load("A", 2, 4, 2, 0), new Load("B", 1, 2, 1, 0)), 0, 0).strandedSlots()).isZero();
        assertThat(Capacity.of(List.of(new Load("B", 1, 3, 0, 2)), 0, 0).strandedSlots())
                .as("a model's own waiting accounts strand nothing of it").isZero();
    }
}
