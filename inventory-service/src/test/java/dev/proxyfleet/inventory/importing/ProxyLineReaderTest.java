package dev.proxyfleet.inventory.importing;

import static dev.proxyfleet.contracts.Protocol.HTTP;
import static dev.proxyfleet.contracts.Protocol.HTTPS;
import static dev.proxyfleet.contracts.Protocol.SOCKS5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.proxyfleet.contracts.Protocol;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyLineReaderTest {

    private static final String CSV_HEADER = "host,port,protocol\n";
    private static final String CSV_CREDENTIALS_HEADER = "host,port,username,password\n";

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void readsHostPortWithOptionalColonCredentials(String line, ProxyCandidate expected) {
        assertThat(candidateOf(line)).isEqualTo(expected);
    }

    static Stream<Arguments> readsHostPortWithOptionalColonCredentials() {
        return Stream.of(
                arguments("10.0.0.1:8080", proxy("10.0.0.1", 8080)),
                arguments("Proxy.Example.COM:3128", proxy("proxy.example.com", 3128)),
                arguments("10.0.0.1:8080:alice:pw", proxy("10.0.0.1", 8080, null, "alice", "pw")),
                arguments("10.0.0.1:8080:alice:", proxy("10.0.0.1", 8080, null, "alice", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void readsUserPassAtHostPort(String line, ProxyCandidate expected) {
        assertThat(candidateOf(line)).isEqualTo(expected);
    }

    static Stream<Arguments> readsUserPassAtHostPort() {
        return Stream.of(
                arguments("alice:pw@10.0.0.1:8080", proxy("10.0.0.1", 8080, null, "alice", "pw")),
                arguments("alice@Proxy.Example.com:8080", proxy("proxy.example.com", 8080, null, "alice", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void keepsColonsAndAtSignsInPasswords(String line, ProxyCandidate expected) {
        assertThat(candidateOf(line)).isEqualTo(expected);
    }

    static Stream<Arguments> keepsColonsAndAtSignsInPasswords() {
        return Stream.of(
                arguments("10.0.0.1:8080:alice:pa:ss:wd", proxy("10.0.0.1", 8080, null, "alice", "pa:ss:wd")),
                arguments("10.0.0.1:8080:alice:p@ss:w0rd", proxy("10.0.0.1", 8080, null, "alice", "p@ss:w0rd")),
                arguments("alice:p@ss:w@rd@10.0.0.1:8080", proxy("10.0.0.1", 8080, null, "alice", "p@ss:w@rd")),
                arguments("http://alice:p@ss:w@10.0.0.1:8080", proxy("10.0.0.1", 8080, HTTP, "alice", "p@ss:w")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void readsSchemeUrlsInAnyCaseWithSocks5hAsSocks5(String line, ProxyCandidate expected) {
        assertThat(candidateOf(line)).isEqualTo(expected);
    }

    static Stream<Arguments> readsSchemeUrlsInAnyCaseWithSocks5hAsSocks5() {
        return Stream.of(
                arguments("http://10.0.0.1:8080", proxy("10.0.0.1", 8080, HTTP, null, null)),
                arguments("HTTPS://10.0.0.1:443/", proxy("10.0.0.1", 443, HTTPS, null, null)),
                arguments("Socks5://alice:pw@10.0.0.1:1080", proxy("10.0.0.1", 1080, SOCKS5, "alice", "pw")),
                arguments("socks5h://10.0.0.1:1080", proxy("10.0.0.1", 1080, SOCKS5, null, null)),
                arguments("SOCKS5H://alice:pw@10.0.0.1:1080/", proxy("10.0.0.1", 1080, SOCKS5, "alice", "pw")));
    }

    @Test
    void readsSchemeUrlWithPercentEncodedCredentials() {
        assertThat(candidateOf("socks5://al%40ice:p%3Aw%2F%20d+%C3%A9@10.0.0.1:1080"))
                .isEqualTo(proxy("10.0.0.1", 1080, SOCKS5, "al@ice", "p:w/ d+é"));
    }

    @Test
    void takesPercentSignsLiterallyOutsideUrls() {
        assertThat(candidateOf("10.0.0.1:8080:alice:100%25"))
                .isEqualTo(proxy("10.0.0.1", 8080, null, "alice", "100%25"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void readsBracketedIpv6HostsWithoutBracketsInLowerCase(String line, ProxyCandidate expected) {
        assertThat(candidateOf(line)).isEqualTo(expected);
    }

    static Stream<Arguments> readsBracketedIpv6HostsWithoutBracketsInLowerCase() {
        return Stream.of(
                arguments("[2001:DB8::1]:8080", proxy("2001:db8::1", 8080)),
                arguments("[::1]:3128:alice:pw", proxy("::1", 3128, null, "alice", "pw")),
                arguments("http://[::1]:8080", proxy("::1", 8080, HTTP, null, null)),
                arguments("alice:pw@[FE80::1]:1080", proxy("fe80::1", 1080, null, "alice", "pw")),
                arguments("socks5h://alice:pw@[::1]:1080/", proxy("::1", 1080, SOCKS5, "alice", "pw")));
    }

    @Test
    void readsCsvWithQuotedCellsReorderedColumnsAndLabels() {
        String body = """
                Port, HOST ,password,username,Protocol,location,labels,provider,notes
                8080,10.0.0.1,"pa,ss ""x"" ",alice,SOCKS5H,de-fra," residential; fast|| sticky ;",acme,"any, thing"
                """;
        assertThat(candidateOf(body)).isEqualTo(new ProxyCandidate("10.0.0.1", 8080, SOCKS5, "alice", "pa,ss \"x\" ",
                "de-fra", List.of("residential", "fast", "sticky"), "acme"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void readsCsvRowsWithEmptyCellsAsNull(String row, ProxyCandidate expected) {
        assertThat(candidateOf("host,port,username,password,protocol,location,labels,provider\n" + row))
                .isEqualTo(expected);
    }

    static Stream<Arguments> readsCsvRowsWithEmptyCellsAsNull() {
        return Stream.of(
                arguments("10.0.0.1,3128,,,,,,", proxy("10.0.0.1", 3128)),
                arguments("\"[2001:DB8::1]\",8080,,,,,;|,", proxy("2001:db8::1", 8080)),
                arguments(" 10.0.0.1 , 80 ,alice,,http,,,", proxy("10.0.0.1", 80, HTTP, "alice", null)));
    }

    @Test
    void detectsCsvHeaderAfterCommentAndBlankLines() {
        List<ParsedLine> lines = readAll("# exported from acme\n\nhost,port\n# first batch\n10.0.0.1,8080\n10.0.0.2,8081\n");
        assertThat(lines).extracting(ParsedLine::lineNumber, ParsedLine::candidate)
                .containsExactly(tuple(5, proxy("10.0.0.1", 8080)), tuple(6, proxy("10.0.0.2", 8081)));
    }

    @Test
    void readsPlainLinesWhenFirstLineIsNoHostPortHeader() {
        List<ParsedLine> lines = readAll("name,port\n10.0.0.1:8080\n");
        assertThat(lines).extracting(ParsedLine::lineNumber, ParsedLine::valid)
                .containsExactly(tuple(1, false), tuple(2, true));
    }

    @Test
    void acceptsByteOrderMarkAndWindowsLineEnds() {
        List<ParsedLine> lines = readAll("\uFEFF10.0.0.1:8080\r\n# note\r\n\r\n10.0.0.2:8081:alice:pw\r\n");
        assertThat(lines).extracting(ParsedLine::lineNumber, ParsedLine::candidate).containsExactly(
                tuple(1, proxy("10.0.0.1", 8080)), tuple(4, proxy("10.0.0.2", 8081, null, "alice", "pw")));
    }

    @Test
    void detectsCsvHeaderBehindByteOrderMark() {
        List<ParsedLine> lines = readAll("\uFEFFhost,port,password\r\n10.0.0.1,8080,\r\n");
        assertThat(lines).extracting(ParsedLine::lineNumber, ParsedLine::candidate)
                .containsExactly(tuple(2, proxy("10.0.0.1", 8080)));
    }

    @Test
    void skipsBlankAndCommentLinesButCountsThemInLineNumbers() {
        List<ParsedLine> lines = readAll("\n   \n# comment\n   # indented\n  10.0.0.1:8080  \n\t\n10.0.0.2:8081");
        assertThat(lines).extracting(ParsedLine::lineNumber).containsExactly(5, 7);
        assertThat(readAll("# only a comment\n\n")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void reportsShortErrorForBadPlainLine(String line, String error) {
        assertThat(errorOf(line)).isEqualTo(error);
    }

    static Stream<Arguments> reportsShortErrorForBadPlainLine() {
        return Stream.of(
                arguments("ftp://10.0.0.1:21", "unsupported scheme 'ftp'"),
                arguments("10.0.0.1:abc", "port 'abc' is not a number"),
                arguments("10.0.0.1:99999999999", "port is out of range"),
                arguments(":8080", "missing host"),
                arguments("http://:8080", "missing host"),
                arguments("[]:8080", "missing host"),
                arguments("10.0.0.1", "missing port"),
                arguments("10.0.0.1:", "missing port"),
                arguments("alice:pw@10.0.0.1", "missing port"),
                arguments("10.0.0.1:8080::pw", "missing username"),
                arguments(":pw@10.0.0.1:8080", "missing username"),
                arguments("10.0.0.1:8080:alice", "unrecognised format"),
                arguments("http://10.0.0.1:8080/path", "unrecognised format"),
                arguments("[::1", "unrecognised format"),
                arguments("[::1]8080", "unrecognised format"),
                arguments("not a proxy line", "unrecognised format"),
                arguments("2001:db8::1", "IPv6 address must be in brackets"),
                arguments("2001:db8::1:8080", "IPv6 address must be in brackets"),
                arguments("::1:8080", "IPv6 address must be in brackets"),
                arguments("http://2001:db8::1:8080", "IPv6 address must be in brackets"),
                arguments("http://alice:p%zz@10.0.0.1:80", "invalid percent-encoding in credentials"),
                arguments("http://alice:%C3@10.0.0.1:80", "invalid percent-encoding in credentials"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void reportsShortErrorForBadCsvRow(String row, String error) {
        assertThat(errorOf(CSV_HEADER + row)).isEqualTo(error);
    }

    static Stream<Arguments> reportsShortErrorForBadCsvRow() {
        return Stream.of(
                arguments("10.0.0.1,8080", "expected 3 cells, found 2"),
                arguments("10.0.0.1,8080,http,x", "expected 3 cells, found 4"),
                arguments("\"10.0.0.1,8080,http", "unterminated quote"),
                arguments("10.0.0.1,80\"80,http", "quote inside an unquoted cell"),
                arguments("\"10.0.0.1\"x,8080,http", "text after a closing quote"),
                arguments(",8080,http", "missing host"),
                arguments("10.0.0.1,,http", "missing port"),
                arguments("10.0.0.1,abc,http", "port 'abc' is not a number"),
                arguments("10.0.0.1,8080,ftp", "unsupported protocol 'ftp'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void neverPutsTheLineOrItsCredentialsIntoTheError(String body) {
        assertThat(errorOf(body)).isNotBlank().doesNotContain("s3cr3t", "alice");
    }

    static Stream<String> neverPutsTheLineOrItsCredentialsIntoTheError() {
        return Stream.of(
                "bad line with secret alice:s3cr3t",
                "alice:s3cr3t",
                "10.0.0.1:abc:alice:s3cr3t",
                "[::1]:abc:alice:s3cr3t",
                "[::1]:3128:alice",
                "alice:s3cr3t@10.0.0.1:nope",
                "alice:s3cr3t@10.0.0.1",
                "alice:s3cr3t@",
                "::s3cr3t@10.0.0.1:8080",
                "ftp://alice:s3cr3t@10.0.0.1:21",
                "http://alice:s3cr3t@10.0.0.1:80/path",
                "http://alice:s3cr3t%zz@10.0.0.1:80",
                "http://alice:s3cr3t@2001:db8::1:80",
                CSV_CREDENTIALS_HEADER + "10.0.0.1,abc,alice,s3cr3t",
                CSV_CREDENTIALS_HEADER + "10.0.0.1,8080,alice,\"s3cr3t",
                CSV_CREDENTIALS_HEADER + "10.0.0.1,8080,alice,s3\"cr3t",
                CSV_CREDENTIALS_HEADER + "10.0.0.1,8080,alice,s3cr3t,extra",
                CSV_CREDENTIALS_HEADER + "10.0.0.1,8080,,s3cr3t",
                CSV_CREDENTIALS_HEADER + ",8080,alice,s3cr3t");
    }

    @Test
    void candidateToStringHidesThePassword() {
        assertThat(candidateOf("10.0.0.1:8080:alice:s3cr3t").toString()).contains("alice").doesNotContain("s3cr3t");
    }

    @Test
    void parsedLineHoldsEitherACandidateOrAnError() {
        assertThatThrownBy(() -> new ParsedLine(1, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParsedLine(1, proxy("10.0.0.1", 80), "missing port"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextAfterTheLastLineThrows() {
        try (ProxyLineReader reader = new ProxyLineReader(new StringReader("10.0.0.1:8080"))) {
            reader.next();
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    @Timeout(10)
    void readsOneHundredThousandLinesWithCorrectLineNumbers() {
        int count = 100_000;
        String body = IntStream.rangeClosed(1, count)
                .mapToObj(i -> "user" + i + ":pw@h" + i + ".example.com:" + (1 + i % 65_535))
                .collect(Collectors.joining("\n"));
        List<ParsedLine> lines = readAll(body);
        assertThat(lines).hasSize(count).allMatch(ParsedLine::valid);
        // isEqualTo compares the lists in one pass; containsExactly would be quadratic here.
        assertThat(lines.stream().map(ParsedLine::lineNumber).toList())
                .isEqualTo(IntStream.rangeClosed(1, count).boxed().toList());
        assertThat(lines.get(count - 1).candidate()).isEqualTo(proxy("h100000.example.com", 1 + count % 65_535,
                null, "user100000", "pw"));
    }

    @Test
    @Timeout(5)
    void readsLinesBeforeTheBodyEnds() {
        try (ProxyLineReader reader = new ProxyLineReader(endlessBody("10.0.0.1:8080\n"))) {
            assertThat(Stream.generate(reader::next).limit(3)).extracting(ParsedLine::lineNumber)
                    .containsExactly(1, 2, 3);
        }
    }

    private static ProxyCandidate candidateOf(String body) {
        ParsedLine line = onlyLine(body);
        assertThat(line.valid()).as("error: %s", line.error()).isTrue();
        return line.candidate();
    }

    private static String errorOf(String body) {
        ParsedLine line = onlyLine(body);
        assertThat(line.valid()).as("candidate: %s", line.candidate()).isFalse();
        return line.error();
    }

    private static ParsedLine onlyLine(String body) {
        List<ParsedLine> lines = readAll(body);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private static List<ParsedLine> readAll(String body) {
        List<ParsedLine> lines = new ArrayList<>();
        try (ProxyLineReader reader = new ProxyLineReader(new StringReader(body))) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }

    private static ProxyCandidate proxy(String host, int port) {
        return proxy(host, port, null, null, null);
    }

    private static ProxyCandidate proxy(String host, int port, Protocol protocol, String username, String password) {
        return new ProxyCandidate(host, port, protocol, username, password, null, null, null);
    }

    /** A body that never ends: reading it whole would never return. */
    private static Reader endlessBody(String line) {
        return new Reader() {
            private int position;

            @Override
            public int read(char[] buffer, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    buffer[offset + i] = line.charAt(position);
                    position = (position + 1) % line.length();
                }
                return length;
            }

            @Override
            public void close() {
            }
        };
    }
}
