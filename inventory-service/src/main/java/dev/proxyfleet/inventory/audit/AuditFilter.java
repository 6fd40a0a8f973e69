package dev.proxyfleet.inventory.audit;

import dev.proxyfleet.web.TimeRange;

/** Which entries {@code GET /api/audit} answers with; a null filter is not applied. */
public record AuditFilter(String entity, String entityId, String actor, TimeRange during) {
}
