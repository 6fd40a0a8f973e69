package dev.proxyfleet.health.probe;

import io.netty.util.NetUtil;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * How an exit-IP target's answer is read: {@code text}, the address alone (surrounding white space allowed), or
 * {@code json:<field>}, a JSON object whose top-level {@code field} holds it. Only an IP literal counts, written in its
 * canonical form so that one address always compares equal to itself; anything else is no answer.
 */
public final class ExitIpFormat {

    private static final String JSON = "json:";

    /** The JSON field, or null for text. */
    private final String field;

    private ExitIpFormat(String field) {
        this.field = field;
    }

    /** @param format {@code text} or {@code json:<field>} */
    public static ExitIpFormat of(String format) {
        if (format.equals("text")) {
            return new ExitIpFormat(null);
        }
        if (format.startsWith(JSON) && format.length() > JSON.length()) {
            return new ExitIpFormat(format.substring(JSON.length()));
        }
        throw new IllegalArgumentException("exit-ip-format must be text or json:<field>, not " + format);
    }

    /** The address an answer names, or empty when it names none. */
    public Optional<String> read(String body) {
        if (body == null) {
            return Optional.empty();
        }
        return address(field == null ? body.strip() : field(body));
    }

    private String field(String body) {
        try {
            Object value = new JsonObject(body).getValue(field);
            return value instanceof String text ? text.strip() : null;
        } catch (DecodeException | ClassCastException notAnObject) {
            return null;
        }
    }

    /** Literals only: a name would need a lookup, and says nothing about where the proxy leaves. */
    private static Optional<String> address(String text) {
        if (text == null || !(NetUtil.isValidIpV4Address(text) || NetUtil.isValidIpV6Address(text))) {
            return Optional.empty();
        }
        return Optional.of(NetUtil.bytesToIpAddress(NetUtil.createByteArrayFromIpAddressString(text)));
    }
}
