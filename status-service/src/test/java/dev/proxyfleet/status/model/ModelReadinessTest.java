package dev.proxyfleet.status.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.status.location.LocationCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

/** A replica is not ready while its model is still being read from PostgreSQL, and ready once it was. */
class ModelReadinessTest {

    /** Reading the whole fleet takes until the test lets it finish. */
    private static final class SlowRows extends ProxyRows {
        final CountDownLatch release = new CountDownLatch(1);

        SlowRows() {
            super(null);
        }

        @Override
        public Uni<List<ProxyStatus>> all() {
            return Uni.createFrom().item(() -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            });
        }
    }

    @Test
    void notReadyUntilTheWholeFleetWasRead() {
        SlowRows rows = new SlowRows();
        FleetModel model = new FleetModel(rows, new LocationCheck(Optional.empty()), new NoEvents());
        ModelReadiness readiness = new ModelReadiness(model);
        try {
            model.changed(null);
            assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);

            rows.release.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> readiness.call().getStatus() == Status.UP);
        } finally {
            model.stop(null);
        }
    }

    /** The model fires nothing for an empty fleet; nothing listens here anyway. */
    private static final class NoEvents implements Event<FleetChange> {
        @Override
        public void fire(FleetChange event) {
        }

        @Override
        public <U extends FleetChange> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends FleetChange> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<FleetChange> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends FleetChange> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends FleetChange> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
