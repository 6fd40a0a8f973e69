package dev.proxyfleet.status.model;

import dev.proxyfleet.status.location.LocationCheck;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The read model in memory, so that {@code /api/status}, selection and the WebSocket never wait for PostgreSQL.
 * PostgreSQL stays the source: after each committed consumer transaction, of this replica or another (the projection's
 * change listener tells), the changed proxies are read back from it on one refresh thread, a new immutable
 * {@link FleetSnapshot} is published and a {@link FleetChange} fired. That thread waits for each read: so one read is
 * applied before the next is made (an older read never overwrites a newer one), and copying a snapshot of tens of
 * thousands of proxies never holds up an event loop.
 */
@ApplicationScoped
public class FleetModel {

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final int HISTORY = 512;

    /** The generation of a snapshot and the proxies that differ from the one before it. */
    private record Step(long generation, Set<Long> ids) {
    }

    private final ProxyRows rows;
    private final LocationCheck locations;
    private final Event<FleetChange> changes;
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> new Thread(r, "status-model-refresh"));
    private final Set<Long> dirty = new HashSet<>();
    private boolean dirtyAll;
    private boolean dirtyProviders;
    private volatile FleetSnapshot snapshot;
    /** Set once the whole fleet was read: before, the snapshot is empty or partial, and readiness says so. */
    private volatile boolean loaded;
    private final Deque<Step> history = new ArrayDeque<>();

    public FleetModel(ProxyRows rows, LocationCheck locations, Event<FleetChange> changes) {
        this.rows = rows;
        this.locations = locations;
        this.changes = changes;
        this.snapshot = FleetSnapshot.EMPTY.checkingLocations(locations.on());
    }

    void stop(@Observes ShutdownEvent event) {
        refresher.shutdownNow();
    }

    public FleetSnapshot snapshot() {
        return snapshot;
    }

    /** Whether the whole fleet has been read from PostgreSQL since the start (later reads keep it current). */
    public boolean loaded() {
        return loaded;
    }

    /** Reads these proxies again from PostgreSQL soon, or every proxy when {@code ids} is null. */
    public void changed(Set<Long> ids) {
        synchronized (dirty) {
            if (ids == null) {
                dirtyAll = true;
            } else {
                dirty.addAll(ids);
            }
        }
        refresher.execute(this::refresh);
    }

    /**
     * Anything may have changed: a provider (every proxy shows its name) or its outage, or whatever was committed while
     * this replica did not listen. Every proxy and outage is read again, and a change of the providers is announced
     * even when no proxy differs, since the providers' own figures may.
     */
    public void everythingChanged() {
        synchronized (dirty) {
            dirtyProviders = true;
        }
        changed(null);
    }

    /** Every proxy is located anew once the GeoIP database was replaced (a weekly update, say). */
    @Scheduled(every = "${status.geoip-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void locateAnewWhenTheGeoIpDatabaseIsReplaced() {
        if (locations.reloadIfReplaced()) {
            changed(null);
        }
    }

    /**
     * The settings changed: when the master switch or the fallback did, the same proxies get a new snapshot whose
     * overall state is judged by the new settings, announced like any change (on the refresh thread, in order with the
     * proxies' changes). Another setting's change (a strategy, an interval) changes nothing here.
     */
    public void switched(SystemSwitches switches) {
        refresher.execute(() -> {
            if (snapshot.summary().switches().equals(switches)) {
                return;
            }
            snapshot = snapshot.switched(switches);
            remember(List.of(), List.of());
            changes.fire(new FleetChange(List.of(), List.of(), false, snapshot));
        });
    }

    private void refresh() {
        Set<Long> ids;
        boolean all;
        boolean providers;
        synchronized (dirty) {
            ids = new HashSet<>(dirty);
            all = dirtyAll;
            providers = dirtyProviders;
            dirty.clear();
            dirtyAll = false;
            dirtyProviders = false;
        }
        if (!all && ids.isEmpty()) {
            return; // an earlier run took these changes already
        }
        try {
            // located here, on this thread: the GeoIP database is not to be read on an event loop
            List<ProxyStatus> fresh = locations.located((all ? rows.all() : rows.byIds(ids)).await().indefinitely());
            // Outages change with providers (and show their names): read with them.
            Optional<List<ProviderOutage>> outages = providers ? Optional.of(rows.outages().await().indefinitely())
                    : Optional.empty();
            apply(fresh, all ? snapshot.proxies().keySet() : ids, outages);
            if (all) {
                loaded = true;
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "Refreshing the status model failed; reloading everything in %s", RETRY_PAUSE);
            LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            if (providers) {
                everythingChanged();
            } else {
                changed(null);
            }
        }
    }

    /**
     * Which proxies differ between two snapshots of this model, {@code from} older than {@code to}; null when that is no
     * longer known (more than {@value #HISTORY} snapshots ago).
     */
    public Set<Long> changedBetween(FleetSnapshot from, FleetSnapshot to) {
        Set<Long> ids = new HashSet<>();
        if (from.generation() == to.generation()) {
            return ids;
        }
        synchronized (history) {
            if (history.isEmpty() || history.peekFirst().generation() > from.generation() + 1) {
                return null;
            }
            for (Step step : history) {
                if (step.generation() > from.generation() && step.generation() <= to.generation()) {
                    ids.addAll(step.ids());
                }
            }
        }
        return ids;
    }

    /**
     * Takes in what PostgreSQL holds for the {@code asked} proxies: those not in {@code fresh} are gone; and, when the
     * providers were read again, those in outage.
     */
    private void apply(List<ProxyStatus> fresh, Collection<Long> asked, Optional<List<ProviderOutage>> outages) {
        // copied in linear time: the previous snapshot's map is sorted too
        TreeMap<Long, ProxyStatus> next = new TreeMap<>(snapshot.proxies());
        Set<Long> gone = new HashSet<>(asked);
        List<ProxyStatus> upserted = new ArrayList<>();
        List<ProxyStatus> left = new ArrayList<>();
        for (ProxyStatus proxy : fresh) {
            gone.remove(proxy.id());
            ProxyStatus before = next.get(proxy.id());
            if (!proxy.equals(before)) {
                next.put(proxy.id(), proxy);
                upserted.add(proxy);
                if (before != null) {
                    left.add(before);
                }
            }
        }
        List<Long> removed = new ArrayList<>();
        for (Long id : gone) {
            ProxyStatus before = next.remove(id);
            if (before != null) {
                removed.add(id);
                left.add(before);
            }
        }
        FleetSnapshot previous = snapshot;
        StatusSummary summary = previous.summary().changed(left, upserted);
        snapshot = new FleetSnapshot(Collections.unmodifiableSortedMap(next),
                outages.map(summary::withOutages).orElse(summary), previous.generation() + 1);
        remember(upserted, removed);
        if (!upserted.isEmpty() || !removed.isEmpty() || outages.isPresent()) {
            changes.fire(new FleetChange(upserted, removed, outages.isPresent(), snapshot));
        }
    }

    /** Keeps which proxies the current snapshot changed, for the last {@value #HISTORY} snapshots. */
    private void remember(List<ProxyStatus> upserted, List<Long> removed) {
        Set<Long> ids = new HashSet<>(removed);
        upserted.forEach(proxy -> ids.add(proxy.id()));
        synchronized (history) {
            history.add(new Step(snapshot.generation(), ids));
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
    }
}
