package dev.proxyfleet.status.rest;

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
 * The unfiltered {@code GET /api/status} body of one snapshot, as JSON and gzipped. The proxies are rendered and
 * compressed in groups of {@value #GROUP_SIZE} consecutive ids, and the next snapshot's rendering reuses every group
 * whose proxies did not change: a fleet of 10,000 proxies (3.4 MB) that changes hundreds of times a second is served
 * current at the cost of the few groups that changed.
 */
final class StatusRendering {

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

    private final FleetSnapshot snapshot;
    private final Map<Long, Group> groups;
    private final List<DeflatedText> pieces;
    private final byte[] gzip;
    private byte[] json;

    private StatusRendering(FleetSnapshot snapshot, Map<Long, Group> groups, List<DeflatedText> pieces) {
        this.snapshot = snapshot;
        this.groups = groups;
        this.pieces = pieces;
        this.gzip = DeflatedText.gzip(pieces);
    }

    /** A rendering of {@code snapshot} with nothing to reuse. */
    static StatusRendering of(FleetSnapshot snapshot, ObjectMapper json) {
        return new StatusRendering(FleetSnapshot.EMPTY, Map.of(), List.of()).next(snapshot, json);
    }

    FleetSnapshot snapshot() {
        return snapshot;
    }

    byte[] gzip() {
        return gzip;
    }

    /** The uncompressed body, joined on first use (most callers take the gzipped one). */
    synchronized byte[] json() {
        if (json == null) {
            json = DeflatedText.join(pieces);
        }
        return json;
    }

    /** The rendering of a later snapshot, rendering again only the groups that changed since this one. */
    StatusRendering next(FleetSnapshot later, ObjectMapper json) {
        Map<Long, Group> nextGroups = new HashMap<>();
        List<DeflatedText> nextPieces = new ArrayList<>();
        nextPieces.add(head(StatusSummary.of(later.all()), json));
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
        return new StatusRendering(later, nextGroups, nextPieces);
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

    /** The summary's fields, then the start of the proxies: {@code {"overall":…,"enabled":…,"proxies":[}. */
    private static DeflatedText head(StatusSummary summary, ObjectMapper json) {
        String object = new String(write(summary, json), StandardCharsets.UTF_8);
        return DeflatedText.of(bytes(object.substring(0, object.length() - 1) + ",\"proxies\":["), false);
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
