package dev.proxyfleet.inventory.importing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into cells following RFC 4180 quoting ({@code "a,b"}, {@code ""} for a
 * quote). A field never spans lines here, so an unterminated quote is an error. Unquoted cells
 * are trimmed; quoted cells are kept exactly, so a password may keep its spaces.
 */
final class CsvRow {

    private final String line;
    private int pos;

    private CsvRow(String line) {
        this.line = line;
    }

    static List<String> split(String line) {
        return new CsvRow(line).cells();
    }

    private List<String> cells() {
        List<String> cells = new ArrayList<>();
        while (true) {
            skipBlanks();
            cells.add(at('"') ? quotedCell() : plainCell());
            if (pos >= line.length()) {
                return cells;
            }
            pos++; // past the comma
        }
    }

    private String plainCell() {
        int comma = line.indexOf(',', pos);
        int end = comma < 0 ? line.length() : comma;
        String cell = line.substring(pos, end).strip();
        if (cell.indexOf('"') >= 0) {
            throw new LineFormatException("quote inside an unquoted cell");
        }
        pos = end;
        return cell;
    }

    private String quotedCell() {
        StringBuilder cell = new StringBuilder();
        pos++; // past the opening quote
        while (true) {
            int quote = line.indexOf('"', pos);
            if (quote < 0) {
                throw new LineFormatException("unterminated quote");
            }
            cell.append(line, pos, quote);
            pos = quote + 1;
            if (!at('"')) {
                break;
            }
            cell.append('"');
            pos++;
        }
        skipBlanks();
        if (pos < line.length() && !at(',')) {
            throw new LineFormatException("text after a closing quote");
        }
        return cell.toString();
    }

    private boolean at(char c) {
        return pos < line.length() && line.charAt(pos) == c;
    }

    private void skipBlanks() {
        while (at(' ') || at('\t')) {
            pos++;
        }
    }
}
