package dev.proxyfleet.localinfra.demo;

import dev.proxyfleet.contracts.Protocol;

/**
 * The demo's proxies: every protocol the fleet manages, with and without a login, from two providers in two
 * locations, each leaving through a loopback address of its own as its exit IP. One of them flaps: it is down for part
 * of every minute (see {@link DemoTraffic}). Two are one upstream proxy entered twice, as HTTP and as HTTPS: they share
 * an exit IP, so the fleet flags them as duplicates and binds one model to both. One was sold as American but leaves
 * in Canada, as the demo's GeoIP file says: the location check flags it.
 */
enum DemoProxy {
    DATACENTER_HTTP(Protocol.HTTP, false, DemoProvider.DATACENTER, "DE-Frankfurt", "127.0.0.11", "DE"),
    DATACENTER_HTTP_FLAPPING(Protocol.HTTP, false, DemoProvider.DATACENTER, "DE-Frankfurt", "127.0.0.12", "DE"),
    DATACENTER_HTTP_LOGIN(Protocol.HTTP, true, DemoProvider.DATACENTER, "DE-Frankfurt", "127.0.0.13", "DE"),
    DATACENTER_HTTPS_LOGIN(Protocol.HTTPS, true, DemoProvider.DATACENTER, "DE-Frankfurt", "127.0.0.13", "DE"),
    RESIDENTIAL_HTTP_LOGIN(Protocol.HTTP, true, DemoProvider.RESIDENTIAL, "US-Ashburn", "127.0.0.21", "US"),
    RESIDENTIAL_HTTPS(Protocol.HTTPS, false, DemoProvider.RESIDENTIAL, "US-Ashburn", "127.0.0.22", "US"),
    RESIDENTIAL_SOCKS5(Protocol.SOCKS5, false, DemoProvider.RESIDENTIAL, "US-Ashburn", "127.0.0.23", "US"),
    RESIDENTIAL_SOCKS5_LOGIN(Protocol.SOCKS5, true, DemoProvider.RESIDENTIAL, "US-Ashburn", "127.0.0.24", "CA");

    /** The label of the flapping proxy, by which the README and the tests find it. */
    static final String FLAPPING_LABEL = "flapping";

    final Protocol protocol;
    final boolean login;
    final DemoProvider provider;
    final String location;
    /** The loopback address it leaves from. */
    final String exitIp;
    /** The ISO code of the country the demo's GeoIP file places its exit IP in. */
    final String exitCountry;

    DemoProxy(Protocol protocol, boolean login, DemoProvider provider, String location, String exitIp, String exitCountry) {
        this.protocol = protocol;
        this.login = login;
        this.provider = provider;
        this.location = location;
        this.exitIp = exitIp;
        this.exitCountry = exitCountry;
    }

    boolean flapping() {
        return this == DATACENTER_HTTP_FLAPPING;
    }

    /** Its labels in an import's CSV cell. */
    String labels() {
        return flapping() ? "demo;" + FLAPPING_LABEL : "demo";
    }
}
