package dev.proxyfleet.status.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.StatusSummary;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole fleet of one snapshot as a JSON object, plain and gzipped: an opening, the summary's fields, then every
 * proxy (the unfiltered {@code GET /api/status} and the WebSocket snapshot message). The proxies are rendered and
 * compressed in groups of {@value #GROUP_SIZE} consecutive ids, and the next snapshot's rendering reuses every group
 * whose proxies did not change: a fleet of 10,000 proxies (3.4 MB) that changes hundreds of times a second stays
 * current at the cost of the few groups that changed.
 */
public final class FleetRendering {

    static final int GROUP_SIZE = 128;
    private static final DeflatedText SEPARATOR = DeflatedText.of(bytes(","), false);
    private static final DeflatedText END = DeflatedText.of(bytes("]}"), true);

    /** The proxies of one group and their text, without brackets. */
    private record Group(ProxyStatus[] proxies, DeflatedText text) {

        boolean shows(List<ProxyStatus> current) {
            if (proxies.length != current.size()) {
                return false;
            }
            for (int i = 0; i < proxies.length; i++) {
                ProxyStatus proxy = current.get(i);
                if (proxies[i] != proxy && !proxies[i].equals(proxy)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String opening;
    private final FleetSnapshot snapshot;
    private final Map<Long, Group> groups;
    private final List<DeflatedText> pieces;
    private byte[] json;
    private byte[] gzip;

    private FleetRendering(String opening, FleetSnapshot snapshot, Map<Long, Group> groups, List<DeflatedText> pieces) {
        this.opening = opening;
        this.snapshot = snapshot;
        this.groups = groups;
        this.pieces = pieces;
    }

    /**
     * A rendering of {@code snapshot} with nothing to reuse.
     *
     * @param opening the object's start before the summary's fields: {@code {} or e.g. {@code {"type":"snapshot",}
     */
    public static FleetRendering of(String opening, FleetSnapshot snapshot, ObjectMapper json) {
        return new FleetRendering(opening, FleetSnapshot.EMPTY, Map.of(), List.of()).next(snapshot, json);
    }

    public FleetSnapshot snapshot() {
        return snapshot;
    }

    /** The JSON, joined on first use. */
    public synchronized byte[] json() {
        if (json == null) {
            json = DeflatedText.join(pieces);
        }
        return json;
    }

    /** The JSON gzipped, joined on first use. */
    public synchronized byte[] gzip() {
        if (gzip == null) {
            gzip = DeflatedText.gzip(pieces);
        }
        return gzip;
    }

    /** The rendering of a later snapshot, rendering again only the groups that changed since this one. */
    public FleetRendering next(FleetSnapshot later, ObjectMapper json) {
        Map<Long, Group> nextGroups = new HashMap<>();
        List<DeflatedText> nextPieces = new ArrayList<>();
        nextPieces.add(head(opening, StatusSummary.of(later.all()), json));
        List<ProxyStatus> members = new ArrayList<>(GROUP_SIZE);
        long key = -1;
        for (ProxyStatus proxy : later.all()) { // in id order
            long proxyKey = proxy.id() / GROUP_SIZE;
            if (proxyKey != key && !members.isEmpty()) {
                add(key, members, nextGroups, nextPieces, json);
            }
            key = proxyKey;
            members.add(proxy);
        }
        if (!members.isEmpty()) {
            add(key, members, nextGroups, nextPieces, json);
        }
        nextPieces.add(END);
        return new FleetRendering(opening, later, nextGroups, nextPieces);
    }

    private void add(long key, List<ProxyStatus> members, Map<Long, Group> nextGroups, List<DeflatedText> nextPieces, ObjectMapper json) {
        Group group = groups.get(key);
        if (group == null || !group.shows(members)) {
            byte[] array = write(members, json);
            group = new Group(members.toArray(ProxyStatus[]::new), DeflatedText.of(Arrays.copyOfRange(array, 1, array.length - 1), false));
        }
        nextGroups.put(key, group);
        if (nextPieces.size() > 1) {
            nextPieces.add(SEPARATOR);
        }
        nextPieces.add(group.text());
        members.clear();
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
