package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.web.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an import body as UTF-8 and refuses it at the first byte that is not UTF-8, naming that byte's offset and
 * line. {@code InputStreamReader} would put U+FFFD in its place, silently changing a password or a host; a body in
 * another encoding is refused whole because its lines that happen to decode are right only by accident.
 */
final class StrictUtf8Reader extends Reader {

    private final InputStream body;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private long offset;
    private int line = 1;
    private boolean endOfBody;

    StrictUtf8Reader(InputStream body) {
        this.body = body;
    }

    @Override
    public int read(char[] target, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer chars = CharBuffer.wrap(target, from, length);
        while (true) {
            decode(chars);
            if (chars.position() > from) {
                return chars.position() - from;
            }
            if (endOfBody) {
                return -1;
            }
            fill();
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    /** Decodes what is buffered, keeping count of bytes and lines so that an error can say where it is. */
    private void decode(CharBuffer chars) {
        int start = bytes.position();
        CoderResult result = decoder.decode(bytes, chars, endOfBody);
        for (int i = start; i < bytes.position(); i++) {
            if (bytes.get(i) == '\n') {
                line++;
            }
        }
        offset += bytes.position() - start;
        if (result.isError()) {
            throw new InvalidFieldException("body", "is not valid UTF-8 at byte offset " + offset + " (line " + line
                    + "); save the file as UTF-8 and send it again");
        }
    }

    /** Appends the next bytes of the body after those a split character left undecoded. */
    private void fill() throws IOException {
        bytes.compact();
        int read = body.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfBody = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }
}
