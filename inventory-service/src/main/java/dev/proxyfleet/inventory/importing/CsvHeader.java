package dev.proxyfleet.inventory.importing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The columns a CSV header row announces, and how to read each row under it. */
final class CsvHeader {

    private static final Set<String> KNOWN_COLUMNS =
            Set.of("host", "port", "username", "password", "protocol", "location", "labels", "provider");
    private static final Pattern LABEL_SEPARATOR = Pattern.compile("[;|]");

    private final Map<String, Integer> columns;
    private final int width;

    private CsvHeader(Map<String, Integer> columns, int width) {
        this.columns = columns;
        this.width = width;
    }

    /**
     * A header is a line with a comma whose cells include {@code host} and {@code port}; any
     * other line is data, so a plain import whose first line merely has a comma still works.
     */
    static Optional<CsvHeader> detect(String line) {
        if (line.indexOf(',') < 0) {
            return Optional.empty();
        }
        List<String> cells;
        try {
            cells = CsvRow.split(line);
        } catch (LineFormatException notCsv) {
            return Optional.empty();
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i).strip().toLowerCase(Locale.ROOT);
            if (KNOWN_COLUMNS.contains(name)) {
                columns.putIfAbsent(name, i);
            }
        }
        boolean header = columns.containsKey("host") && columns.containsKey("port");
        return header ? Optional.of(new CsvHeader(columns, cells.size())) : Optional.empty();
    }

    /** Reads one data row; unknown columns are ignored and empty cells become null. */
    ProxyCandidate read(String line) {
        List<String> cells = CsvRow.split(line);
        if (cells.size() != width) {
            throw new LineFormatException("expected " + width + " cells, found " + cells.size());
        }
        Credentials credentials = Credentials.of(cell(cells, "username"), cell(cells, "password"));
        return new ProxyCandidate(
                ProxyFields.host(cell(cells, "host")),
                ProxyFields.port(cell(cells, "port"), credentials.present()),
                ProxyFields.protocol(cell(cells, "protocol"), "protocol"),
                credentials.username(),
                credentials.password(),
                ProxyFields.emptyToNull(cell(cells, "location")),
                labels(cell(cells, "labels")),
                ProxyFields.provider(cell(cells, "provider")));
    }

    private String cell(List<String> cells, String column) {
        Integer index = columns.get(column);
        return index == null ? "" : cells.get(index);
    }

    private static List<String> labels(String cell) {
        List<String> labels = Arrays.stream(LABEL_SEPARATOR.split(cell))
                .map(String::strip)
                .filter(label -> !label.isEmpty())
                .toList();
        return labels.isEmpty() ? null : labels;
    }
}
