package dev.proxyfleet.status.push;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** WebSocket push settings. */
@ConfigMapping(prefix = "status.push")
public interface PushConfig {

    /** Changes are gathered for this long and sent as one message: at most 1/interval messages per client. */
    @WithDefault("100ms")
    Duration interval();

    /** Messages a client may have not yet taken off the wire; one more and it is disconnected. */
    @WithDefault("32")
    int maxUnsent();

    /**
     * Bytes a client may have not yet taken off the wire beyond its snapshot; one more message and it is disconnected.
     * The snapshot itself is always sent (it may be larger than this), so a stuck client holds at most its snapshot
     * plus this much.
     */
    @WithDefault("4M")
    MemorySize maxUnsentBytes();

    /** Connected clients at most; a connection beyond is closed at once with code 1013 (try again later). */
    @WithDefault("1000")
    int maxClients();
}
