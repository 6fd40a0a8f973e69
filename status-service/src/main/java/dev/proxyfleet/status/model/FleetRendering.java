package dev.proxyfleet.status.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole fleet of one snapshot as a JSON object, plain and gzipped: an opening, the summary's fields, then every
 * proxy (the unfiltered {@code GET /api/status} and the WebSocket snapshot message). The proxies are rendered and
 * compressed in groups of {@value #GROUP_SIZE} consecutive ids, and the next snapshot's rendering reuses every group
 * whose proxies did not change: a fleet of 10,000 proxies (3.4 MB) that changes hundreds of times a second stays
 * current at the cost of the few groups that changed. Each {@link ProxyView} has its own rendering, kept current the
 * same way, so the public view costs what the full one does and nothing per caller.
 */
public final class FleetRendering {

    static final int GROUP_SIZE = 128;
    private static final DeflatedText SEPARATOR = DeflatedText.of(bytes(","), false);
    private static final DeflatedText END = DeflatedText.of(bytes("]}"), true);

    /** The proxies of one group and their text, without brackets. */
    private record Group(ProxyStatus[] proxies, DeflatedText text) {

        boolean shows(Collection<ProxyStatus> current) {
            if (proxies.length != current.size()) {
                return false;
            }
            int i = 0;
            for (ProxyStatus proxy : current) {
                if (proxies[i] != proxy && !proxies[i].equals(proxy)) {
                    return false;
                }
                i++;
            }
            return true;
        }
    }

    private final String opening;
    private final ProxyView view;
    private final FleetSnapshot snapshot;
    private final TreeMap<Long, Group> groups;
    private final List<DeflatedText> pieces;
    private final byte[] gzip;
    private byte[] json;

    private FleetRendering(String opening, ProxyView view, FleetSnapshot snapshot, TreeMap<Long, Group> groups,
            List<DeflatedText> pieces) {
        this.opening = opening;
        this.view = view;
        this.snapshot = snapshot;
        this.groups = groups;
        this.pieces = pieces;
        this.gzip = DeflatedText.gzip(pieces);
    }

    /**
     * The rendering of the empty fleet, to bring {@link #upTo} a model.
     *
     * @param opening the object's start before the summary's fields: {@code {} or e.g. {@code {"type":"snapshot",}
     * @param view what it shows of each proxy
     */
    public static FleetRendering empty(String opening, ProxyView view, ObjectMapper json) {
        return new FleetRendering(opening, view, FleetSnapshot.EMPTY, new TreeMap<>(), List.of())
                .next(FleetSnapshot.EMPTY, Set.of(), json);
    }

    /** This rendering when it shows the model's current snapshot, else the rendering of that snapshot. */
    public FleetRendering upTo(FleetModel model, ObjectMapper json) {
        FleetSnapshot latest = model.snapshot();
        return latest == snapshot ? this : next(latest, model.changedBetween(snapshot, latest), json);
    }

    public FleetSnapshot snapshot() {
        return snapshot;
    }

    /** The JSON, joined on first use (HTTP clients mostly take the gzipped one). */
    public synchronized byte[] json() {
        if (json == null) {
            json = DeflatedText.join(pieces);
        }
        return json;
    }

    public byte[] gzip() {
        return gzip;
    }

    /**
     * The rendering of a later snapshot. Only the groups of the {@code changed} proxies are looked at (null: any proxy
     * may have changed), and of those only the groups whose proxies differ are rendered again.
     */
    FleetRendering next(FleetSnapshot later, Set<Long> changed, ObjectMapper json) {
        Set<Long> keys = groupsToCheck(later, changed);
        TreeMap<Long, Group> nextGroups = new TreeMap<>(groups);
        for (long key : keys) {
            Collection<ProxyStatus> members = later.proxies().subMap(key * GROUP_SIZE, (key + 1) * GROUP_SIZE).values();
            Group group = groups.get(key);
            if (members.isEmpty()) {
                nextGroups.remove(key);
            } else if (group == null || !group.shows(members)) {
                byte[] array = write(view.show(members), json);
                nextGroups.put(key, new Group(members.toArray(ProxyStatus[]::new),
                        DeflatedText.of(Arrays.copyOfRange(array, 1, array.length - 1), false)));
            }
        }
        List<DeflatedText> nextPieces = new ArrayList<>(2 * nextGroups.size() + 2);
        nextPieces.add(head(opening, later.summary(), json));
        for (Group group : nextGroups.values()) {
            if (nextPieces.size() > 1) {
                nextPieces.add(SEPARATOR);
            }
            nextPieces.add(group.text());
        }
        nextPieces.add(END);
        return new FleetRendering(opening, view, later, nextGroups, nextPieces);
    }

    /** The keys of the groups that may differ in {@code later}; none for a view without proxies. */
    private Set<Long> groupsToCheck(FleetSnapshot later, Set<Long> changed) {
        if (!view.listsProxies()) {
            return Set.of();
        }
        Set<Long> keys = new HashSet<>();
        if (changed == null) {
            keys.addAll(groups.keySet());
            later.proxies().keySet().forEach(id -> keys.add(id / GROUP_SIZE));
        } else {
            changed.forEach(id -> keys.add(id / GROUP_SIZE));
        }
        return keys;
    }

    /** The opening, the summary's fields, then the start of the proxies: {@code {"overall":…,"enabled":…,"proxies":[}. */
    private static DeflatedText head(String opening, StatusSummary summary, ObjectMapper json) {
        String object = new String(write(summary, json), StandardCharsets.UTF_8);
        return DeflatedText.of(bytes(opening + object.substring(1, object.length() - 1) + ",\"proxies\":["), false);
    }

    private static byte[] write(Object value, ObjectMapper json) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
