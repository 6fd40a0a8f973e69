package dev.proxyfleet.inventory.vps;

import java.time.Instant;

/** A VPS host as the API shows it, with how many proxies name it. */
public record VpsResponse(Long id, String name, String environment, String address, String notes, long proxyCount,
        Instant createdAt, Instant updatedAt) {

    static VpsResponse from(Vps vps, long proxyCount) {
        return new VpsResponse(vps.id, vps.name, vps.environment, vps.address, vps.notes, proxyCount, vps.createdAt, vps.updatedAt);
    }
}
