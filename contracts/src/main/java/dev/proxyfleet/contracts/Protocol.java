package dev.proxyfleet.contracts;

/** The protocols a proxy speaks. */
public enum Protocol {
    HTTP, HTTPS, SOCKS5
}
