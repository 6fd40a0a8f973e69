package dev.proxyfleet.status.push;

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
}
