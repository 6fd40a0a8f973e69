package dev.proxyfleet.status.projection;

import dev.proxyfleet.status.model.FleetModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Has this replica's {@link FleetModel} follow every committed change of the read model, whichever replica's consumer
 * committed it: one connection of the pool is held to {@code LISTEN} on the channel that consumer transactions notify
 * ({@link TouchedProxies}), and each notification has the model read again what it names. This replica's own commits
 * take the same path, so there is one way for a change to reach the model.
 * <p>
 * Changes notified while no connection listens are lost to this replica. So each time it listens, at the start and
 * after a lost connection, it then reads the whole model; and it tries again every
 * {@code status.model.reconnect-interval} until PostgreSQL answers. A connection of the pool rather than one of its
 * own, so that it reaches the database exactly as the pool does (address, credentials, TLS).
 */
@ApplicationScoped
class ChangeListener {

    private final Pool pool;
    private final Vertx vertx;
    private final FleetModel model;
    private final ListenerConfig config;
    private volatile boolean stopping;
    /** Whether a connection was lost and no other listens yet: only the first failed attempt is worth a warning. */
    private volatile boolean lost;

    ChangeListener(Pool pool, Vertx vertx, FleetModel model, ListenerConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.model = model;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        listen();
    }

    /** The pool closes the connection at shutdown; that is no loss to recover from. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void listen() {
        pool.getConnection().subscribe().with(this::listenOn, this::failed);
    }

    private void listenOn(SqlConnection pooled) {
        PgConnection connection = PgConnection.cast(pooled);
        // before LISTEN, so that no notification arrives without a handler
        connection.notificationHandler(notification -> TouchedProxies.handTo(notification.getPayload(), model));
        connection.query("LISTEN " + TouchedProxies.CHANNEL).execute().subscribe().with(
                listening -> listening(connection),
                failure -> {
                    // it does not listen, so it may go back to the pool
                    connection.closeAndForget();
                    failed(failure);
                });
    }

    private void listening(PgConnection connection) {
        connection.closeHandler(this::connectionLost);
        if (lost) {
            Log.info("Listening to the read model's changes again; reading the whole model");
            lost = false;
        }
        model.everythingChanged();
    }

    private void connectionLost() {
        if (!stopping) {
            Log.warnf("Lost the connection that listens to the read model's changes; listening again every %s",
                    config.reconnectInterval());
            lost = true;
            retryLater();
        }
    }

    private void failed(Throwable failure) {
        if (lost) {
            Log.debugf("Cannot listen to the read model's changes yet: %s", failure.getMessage());
        } else {
            Log.warnf("Cannot listen to the read model's changes (%s); trying again every %s", failure.getMessage(),
                    config.reconnectInterval());
            lost = true;
        }
        retryLater();
    }

    private void retryLater() {
        if (!stopping) {
            vertx.setTimer(config.reconnectInterval().toMillis(), timer -> listen());
        }
    }
}
