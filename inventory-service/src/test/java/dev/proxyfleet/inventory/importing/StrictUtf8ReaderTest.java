package dev.proxyfleet.inventory.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.web.InvalidFieldException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StrictUtf8ReaderTest {

    private static String read(byte[] body) throws IOException {
        try (BufferedReader reader = new BufferedReader(new StrictUtf8Reader(new ByteArrayInputStream(body)))) {
            return reader.lines().collect(Collectors.joining("\n"));
        }
    }

    @Test
    void keepsCharactersThatStraddleItsBuffer() throws IOException {
        // 8191 bytes put the three bytes of '€' across the reader's 8192-byte buffer.
        String text = "a".repeat(8191) + "€é\n10.0.0.1:8080:user:pässwörd€";

        assertThat(read(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void namesOffsetAndLineOfTheFirstBadByteBeyondItsBuffer() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("127.0.0.1:8080\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        int offset = body.size() + 10;
        body.writeBytes("127.0.0.1:".getBytes(StandardCharsets.UTF_8));
        body.write(0xFF);

        assertThatThrownBy(() -> read(body.toByteArray())).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("byte offset " + offset + " (line 1001)");
    }

    @Test
    void refusesASequenceCutOffByTheEndOfTheBody() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] body = {'a', '\n', euro[0], euro[1]};

        assertThatThrownBy(() -> read(body)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("byte offset 2 (line 2)");
    }

    @Test
    void refusesUtf16() {
        byte[] body = "10.0.0.1:8080\n".getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> read(body)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("byte offset 0 (line 1)");
    }
}
