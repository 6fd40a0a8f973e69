package dev.proxyfleet.localinfra.demo;

import dev.proxyfleet.contracts.Protocol;

/**
 * The demo's proxies: every protocol the fleet manages, with and without a login, from two providers in two
 * locations. One of them flaps: it is down for part of every minute (see {@link DemoTraffic}).
 */
enum DemoProxy {
    DATACENTER_HTTP(Protocol.HTTP, false, DemoProvider.DATACENTER, "eu-west"),
    DATACENTER_HTTP_FLAPPING(Protocol.HTTP, false, DemoProvider.DATACENTER, "eu-west"),
    DATACENTER_HTTP_LOGIN(Protocol.HTTP, true, DemoProvider.DATACENTER, "eu-west"),
    DATACENTER_HTTPS_LOGIN(Protocol.HTTPS, true, DemoProvider.DATACENTER, "eu-west"),
    RESIDENTIAL_HTTP_LOGIN(Protocol.HTTP, true, DemoProvider.RESIDENTIAL, "us-east"),
    RESIDENTIAL_HTTPS(Protocol.HTTPS, false, DemoProvider.RESIDENTIAL, "us-east"),
    RESIDENTIAL_SOCKS5(Protocol.SOCKS5, false, DemoProvider.RESIDENTIAL, "us-east"),
    RESIDENTIAL_SOCKS5_LOGIN(Protocol.SOCKS5, true, DemoProvider.RESIDENTIAL, "us-east");

    /** The label of the flapping proxy, by which the README and the tests find it. */
    static final String FLAPPING_LABEL = "flapping";

    final Protocol protocol;
    final boolean login;
    final DemoProvider provider;
    final String location;

    DemoProxy(Protocol protocol, boolean login, DemoProvider provider, String location) {
        this.protocol = protocol;
        this.login = login;
        this.provider = provider;
        this.location = location;
    }

    boolean flapping() {
        return this == DATACENTER_HTTP_FLAPPING;
    }

    /** Its labels in an import's CSV cell. */
    String labels() {
        return flapping() ? "demo;" + FLAPPING_LABEL : "demo";
    }
}
