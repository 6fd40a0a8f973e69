package dev.proxyfleet.status.projection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a replica's model follows the read model's changes ({@link ChangeListener}). */
@ConfigMapping(prefix = "status.model")
public interface ListenerConfig {

    /**
     * How often a replica that lost its listening connection (a PostgreSQL restart or failover, a network cut) tries to
     * listen again; once it does, it reads the whole model, since the changes meanwhile were not notified to it.
     */
    @WithDefault("1s")
    Duration reconnectInterval();
}
