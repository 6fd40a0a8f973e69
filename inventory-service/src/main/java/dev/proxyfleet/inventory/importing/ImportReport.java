package dev.proxyfleet.inventory.importing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What an import did, line by line. {@code stored} is false for a dry run and for an atomic import that found a
 * bad line; lines that would have been created then say {@code valid}.
 */
public record ImportReport(boolean dryRun, boolean atomic, boolean stored, int lines, int created, int valid,
        int duplicates, int invalid, List<Line> results) {

    /** The outcome of one line. */
    public enum Status {
        @JsonProperty("created") CREATED,
        @JsonProperty("valid") VALID,
        @JsonProperty("duplicate") DUPLICATE,
        @JsonProperty("invalid") INVALID
    }

    /**
     * @param id the created proxy, or for a duplicate the existing one
     * @param duplicateOfLine for a duplicate of an earlier line of the same body
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(int line, Status status, Long id, Integer duplicateOfLine, String reason) {

        static Line created(int line, long id) {
            return new Line(line, Status.CREATED, id, null, null);
        }

        static Line valid(int line) {
            return new Line(line, Status.VALID, null, null, null);
        }

        static Line duplicateOfProxy(int line, long existingId) {
            return new Line(line, Status.DUPLICATE, existingId, null, "proxy " + existingId + " has the same host, port and username");
        }

        static Line duplicateOfLine(int line, int earlierLine) {
            return new Line(line, Status.DUPLICATE, null, earlierLine, "same host, port and username as line " + earlierLine);
        }

        static Line invalid(int line, String reason) {
            return new Line(line, Status.INVALID, null, null, reason);
        }
    }

    static ImportReport of(ImportOptions options, boolean stored, List<Line> results) {
        int[] counts = new int[Status.values().length];
        results.forEach(line -> counts[line.status().ordinal()]++);
        return new ImportReport(options.dryRun(), options.atomic(), stored, results.size(),
                counts[Status.CREATED.ordinal()], counts[Status.VALID.ordinal()],
                counts[Status.DUPLICATE.ordinal()], counts[Status.INVALID.ordinal()], results);
    }
}
