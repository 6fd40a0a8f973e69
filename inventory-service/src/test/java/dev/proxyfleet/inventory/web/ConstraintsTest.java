package dev.proxyfleet.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.provider.Provider;
import dev.proxyfleet.inventory.provider.ProviderRepository;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

/**
 * The refusal of a unique index (or of a CHECK) is told apart from every other failure, in the form it really arrives in: a real
 * duplicate insert through Hibernate Reactive, and the cases a refusal must not be mistaken for.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ConstraintsTest {

    private static final String INDEX = "provider_name_uq";

    @Inject
    ProviderRepository providers;

    @Test
    void recognisesTheRefusalOfADuplicateInsertThroughHibernateReactive() {
        String name = "Index Co " + Api.unique();
        Api.createProvider(name);

        Throwable refusal = catchThrowable(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> providers.persistAndFlush(provider(name.toUpperCase())))));

        assertThat(refusal).as("a second provider of the same name").isNotNull();
        assertThat(Constraints.violated(refusal, Constraints.UNIQUE_VIOLATION, INDEX)).as("%s", refusal).isTrue();
        assertThat(Constraints.violated(refusal, Constraints.UNIQUE_VIOLATION, "vps_name_uq")).isFalse();
    }

    @Test
    void recognisesHibernatesConstraintViolationOnlyForItsIndex() {
        Throwable refusal = new RuntimeException(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key value violates unique constraint", "23505"), INDEX));

        assertThat(Constraints.violated(refusal, Constraints.UNIQUE_VIOLATION, INDEX)).isTrue();
        assertThat(Constraints.violated(refusal, Constraints.UNIQUE_VIOLATION, "proxy_endpoint_uq")).isFalse();
    }

    @Test
    void otherViolationsOfTheSameConstraintNameAreNotDuplicates() {
        Throwable check = new ConstraintViolationException("check",
                new SQLException("violates check constraint", "23514"), INDEX);

        assertThat(Constraints.violated(check, Constraints.UNIQUE_VIOLATION, INDEX)).as("a check constraint").isFalse();
        assertThat(Constraints.violated(new IllegalStateException(INDEX), Constraints.UNIQUE_VIOLATION, INDEX)).isFalse();
    }

    @Test
    void recognisesTheRefusalOfACheckOnlyAsThatCheck() {
        Throwable check = new ConstraintViolationException("check",
                new SQLException("violates check constraint", "23514"), "proxy_key_capacity");

        assertThat(Constraints.violated(check, Constraints.CHECK_VIOLATION, "proxy_key_capacity")).isTrue();
        assertThat(Constraints.violated(check, Constraints.CHECK_VIOLATION, "proxy_max_keys_check")).isFalse();
        assertThat(Constraints.violated(check, Constraints.UNIQUE_VIOLATION, "proxy_key_capacity")).isFalse();
    }

    private static Provider provider(String name) {
        Provider provider = new Provider();
        provider.name = name;
        provider.serviceType = ServiceType.values()[0];
        return provider;
    }
}
