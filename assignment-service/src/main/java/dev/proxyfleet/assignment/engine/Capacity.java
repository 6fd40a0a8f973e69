package dev.proxyfleet.assignment.engine;

import java.util.List;

/**
 * The fleet's free slots as each model sees them: a proxy serves one model, so a free slot on a proxy of model A is
 * no room at all for model B, and proxies leaving through one exit IP serve one model together, within the address's
 * limit. Counts only proxies that may take accounts (enabled, not failed).
 *
 * @param emptyProxies proxies without accounts whose exit IP no model uses either: free for any model
 * @param emptySlots the free slots on them, within their addresses' limits
 * @param freeSlots every free slot, empty proxies included
 * @param strandedSlots free slots on proxies of a model while accounts of another model wait: capacity the one-model
 *        rule keeps from the accounts that need it (see {@code POST /api/capacity/consolidate})
 * @param models every model with accounts bound or waiting, those waiting longest first
 */
public record Capacity(long emptyProxies, long emptySlots, long freeSlots, long strandedSlots, List<Model> models) {

    /**
     * One model's view.
     *
     * @param proxies proxies holding the model
     * @param accounts its accounts bound to them
     * @param waiting its accounts waiting for room
     * @param usable free slots the model can take: on its own proxies, on the other proxies of the exit IPs it uses
     *        (within their limits) and on empty ones
     * @param stranded free slots it cannot take because their proxies, or their exit IPs, hold another model
     */
    public record Model(String modelId, long proxies, long accounts, long waiting, long usable, long stranded) {
    }

    /**
     * What the database counts per model: its proxies, accounts and free slots (those of its exit IPs' proxies
     * included, within the addresses' limits), and its waiting accounts.
     */
    record Load(String modelId, long proxies, long accounts, long free, long waiting) {
    }

    /** The view of each model and of the fleet, from each model's load and the empty proxies. */
    static Capacity of(List<Load> loads, long emptyProxies, long emptySlots) {
        long usedFree = loads.stream().mapToLong(Load::free).sum();
        long modelsWaiting = loads.stream().filter(load -> load.waiting() > 0).count();
        long stranded = loads.stream()
                .filter(load -> modelsWaiting - (load.waiting() > 0 ? 1 : 0) > 0)
                .mapToLong(Load::free).sum();
        List<Model> models = loads.stream().map(load -> new Model(load.modelId(), load.proxies(), load.accounts(),
                load.waiting(), load.free() + emptySlots, usedFree - load.free())).toList();
        return new Capacity(emptyProxies, emptySlots, usedFree + emptySlots, stranded, models);
    }
}
