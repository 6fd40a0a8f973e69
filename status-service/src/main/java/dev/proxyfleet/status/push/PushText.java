package dev.proxyfleet.status.push;

import java.nio.charset.StandardCharsets;

/** A message as sent, with its size on the wire, counted once for all the clients it goes to. */
record PushText(String text, int bytes) {

    static PushText of(String text) {
        return new PushText(text, text.getBytes(StandardCharsets.UTF_8).length);
    }
}
