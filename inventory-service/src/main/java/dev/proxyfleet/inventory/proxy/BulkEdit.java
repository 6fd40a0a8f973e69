package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.inventory.web.Problems;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One action on many proxies. Each proxy is changed in a transaction of its own, exactly as a single PATCH or DELETE
 * of it would be (validated, audited with the caller as actor, published through the outbox), so one that fails
 * (gone, changed concurrently, a label too many) fails alone and is reported with the problem its own request would
 * have had. The proxies are changed one after the other: a bulk edit must not take every connection of the pool.
 */
@ApplicationScoped
public class BulkEdit {

    private final ProxyService proxies;
    private final ObjectMapper mapper;

    public BulkEdit(ProxyService proxies, ObjectMapper mapper) {
        this.proxies = proxies;
        this.mapper = mapper;
    }

    public Uni<BulkReport> apply(BulkRequest request, String actor) {
        return Multi.createFrom().iterable(request.ids().stream().distinct().toList())
                .onItem().transformToUniAndConcatenate(id -> applyTo(id, request, actor)
                        .onFailure().recoverWithItem(failure -> BulkReport.Outcome.failed(id, Problems.of(failure))))
                .collect().asList()
                .map(BulkReport::of);
    }

    private Uni<BulkReport.Outcome> applyTo(long id, BulkRequest request, String actor) {
        if (request.action() == BulkAction.DELETE) {
            return proxies.delete(id, actor).replaceWith(new BulkReport.Outcome(id, 204, null));
        }
        return proxies.patchCurrent(id, current -> request.action().patch(mapper, request, current), actor)
                .replaceWith(new BulkReport.Outcome(id, 200, null));
    }
}
