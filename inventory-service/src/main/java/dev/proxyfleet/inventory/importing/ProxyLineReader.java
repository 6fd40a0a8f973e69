package dev.proxyfleet.inventory.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams an import body ({@code text/plain} or {@code text/csv}) one line at a time, so memory
 * stays bounded by the longest line whatever the size of the body.
 *
 * <p>Blank lines and lines starting with '#' are skipped. If the first other line is a CSV
 * header (it has a comma and names the {@code host} and {@code port} columns), every later line
 * is read as CSV under it; otherwise each line is read on its own as {@code host:port},
 * {@code host:port:user:pass}, {@code user:pass@host:port} or {@code scheme://<user>:<password>@host:port}.
 * A UTF-8 byte order mark and Windows line ends are accepted. I/O failures surface as
 * {@link UncheckedIOException}. Closing the reader closes the body.
 */
public final class ProxyLineReader implements Iterator<ParsedLine>, AutoCloseable {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BufferedReader body;
    private int lineNumber;
    private boolean formatDecided;
    private CsvHeader csvHeader;
    private ParsedLine next;

    public ProxyLineReader(Reader body) {
        this.body = body instanceof BufferedReader buffered ? buffered : new BufferedReader(body);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readNext();
        }
        return next != null;
    }

    @Override
    public ParsedLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more lines in the import body");
        }
        ParsedLine line = next;
        next = null;
        return line;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedLine readNext() {
        for (String raw = readLine(); raw != null; raw = readLine()) {
            lineNumber++;
            String line = (lineNumber == 1 ? withoutByteOrderMark(raw) : raw).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!formatDecided) {
                formatDecided = true;
                csvHeader = CsvHeader.detect(line).orElse(null);
                if (csvHeader != null) {
                    continue;
                }
            }
            return parse(line);
        }
        return null;
    }

    private ParsedLine parse(String line) {
        try {
            ProxyCandidate candidate = csvHeader == null ? PlainLineParser.parse(line) : csvHeader.read(line);
            return ParsedLine.of(lineNumber, candidate);
        } catch (LineFormatException e) {
            return ParsedLine.invalid(lineNumber, e.getMessage());
        }
    }

    private String readLine() {
        try {
            return body.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    }
}
