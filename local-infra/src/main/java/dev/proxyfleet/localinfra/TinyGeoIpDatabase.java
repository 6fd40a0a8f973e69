package dev.proxyfleet.localinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB file (https://maxmind.github.io/MaxMind-DB/) of a few IPv4 networks, each mapped to
 * {@code {"country": {"iso_code": …}}} as a GeoIP2 Country or City database has it, for the tests of status-service's
 * location check (its own and the system tests): no database is shipped, none may be downloaded, and MaxMind's writer
 * is not at hand. Only what such a file needs: a search tree of 24-bit records, a data
 * section of maps and strings, and the metadata; networks must not overlap.
 */
public final class TinyGeoIpDatabase {

    private static final int RECORD_BITS = 24;
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n',
        'd', '.', 'c', 'o', 'm'};
    // the format's type numbers
    private static final int STRING = 2;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;

    /** A node of the search tree; each side holds a node, a data offset (Integer) or nothing (null). */
    private static final class Node {
        final Object[] sides = new Object[2];
    }

    private TinyGeoIpDatabase() {
    }

    /**
     * Writes the database to {@code file}.
     *
     * @param databaseType e.g. {@code GeoLite2-Country} or {@code GeoIP2-City}: the reader allows country lookups by it
     * @param countries ISO country codes by IPv4 network ({@code 127.0.0.2/32})
     */
    public static Path write(Path file, String databaseType, Map<String, String> countries) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, Integer> offsets = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>(List.of(new Node()));
        countries.forEach((network, country) -> insert(nodes, network, offsets.computeIfAbsent(country, code -> {
            int offset = data.size();
            map(data, Map.of("country", Map.of("iso_code", code)));
            return offset;
        })));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object side : node.sides) {
                int record = side instanceof Node child ? nodes.indexOf(child)
                        : side instanceof Integer offset ? nodes.size() + 16 + offset : nodes.size();
                for (int shift = RECORD_BITS - 8; shift >= 0; shift -= 8) {
                    out.write(record >>> shift);
                }
            }
        }
        out.writeBytes(new byte[16]); // the data section separator
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Unsigned(UINT32, nodes.size()));
        metadata.put("record_size", new Unsigned(UINT16, RECORD_BITS));
        metadata.put("ip_version", new Unsigned(UINT16, 4));
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Unsigned(UINT16, 2));
        metadata.put("binary_format_minor_version", new Unsigned(UINT16, 0));
        metadata.put("build_epoch", new Unsigned(UINT64, 1_700_000_000L));
        metadata.put("description", Map.of("en", "proxy-fleet test"));
        map(out, metadata);
        try {
            return Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number of one of the unsigned types, which the reader tells apart. */
    private record Unsigned(int type, long value) {
    }

    /** Walks the network's bits from the root, adding nodes, and points its last bit at the data. */
    private static void insert(List<Node> nodes, String network, int offset) {
        String[] parts = network.split("/");
        byte[] address;
        try {
            address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no lookup
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int prefix = Integer.parseInt(parts[1]);
        Node node = nodes.get(0);
        for (int bit = 0; bit < prefix; bit++) {
            int side = address[bit / 8] >>> (7 - bit % 8) & 1;
            if (bit == prefix - 1) {
                node.sides[side] = offset;
            } else {
                if (node.sides[side] == null) {
                    Node child = new Node();
                    nodes.add(child);
                    node.sides[side] = child;
                }
                node = (Node) node.sides[side];
            }
        }
    }

    private static void value(ByteArrayOutputStream out, Object value) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(out, STRING, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Unsigned number) {
            int size = number.type() == UINT16 ? 2 : number.type() == UINT32 ? 4 : 8;
            control(out, number.type(), size);
            for (int i = size - 1; i >= 0; i--) {
                out.write((int) (number.value() >>> (8 * i)));
            }
        } else if (value instanceof Map<?, ?> map) {
            map(out, map);
        } else if (value instanceof List<?> list) {
            control(out, ARRAY, list.size());
            list.forEach(item -> value(out, item));
        } else {
            throw new IllegalArgumentException("not written here: " + value);
        }
    }

    private static void map(ByteArrayOutputStream out, Map<?, ?> map) {
        control(out, MAP, map.size());
        map.forEach((key, item) -> {
            value(out, key);
            value(out, item);
        });
    }

    /** The control byte: type and size; types beyond 7 are extended (a second byte holds type - 7). */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more are not written here: " + size);
        }
        out.write((type <= 7 ? type : 0) << 5 | size);
        if (type > 7) {
            out.write(type - 7);
        }
    }
}
