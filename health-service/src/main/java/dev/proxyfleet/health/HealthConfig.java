package dev.proxyfleet.health;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How proxies are probed and judged; docs/operations.md, "Health checks", documents each setting. */
@ConfigMapping(prefix = "health")
public interface HealthConfig {

    /** Time between two probes of a proxy that is not failed. */
    Duration interval();

    /**
     * Time between probes of a proxy that is changing state (failing but not failed yet, or succeeding again but not
     * risen yet), and after a failed use is reported; capped by the interval, ± jitter. At least a tenth of the
     * timeout; the fast re-probes of all proxies share a budget (see {@code schedule.FastReprobes}).
     */
    Duration fastInterval();

    /** Each delay varies by up to this fraction either way, so probes of many proxies spread out. */
    double jitter();

    /** A probe that has no answer after this long fails. */
    Duration timeout();

    /** A successful probe slower than this makes the proxy {@code degraded}. */
    Duration degradedLatency();

    /** Consecutive failed probes that make a proxy {@code failed}. */
    int fall();

    /** Consecutive successful probes that bring a failed proxy back. */
    int rise();

    /** Results (probes and reported uses) the score is computed over. */
    int window();

    /** Consecutive failed uses reported on {@code proxy-usage} that make a proxy {@code failed}. */
    int usageFall();

    /** While failed, each further failed probe multiplies the interval by this factor... */
    double downBackoff();

    /** ...up to this interval (the down-interval's ceiling). */
    Duration downMaxInterval();

    /** What probes of {@code HTTP} and {@code SOCKS5} proxies fetch through the proxy (an https URL is verified too). */
    String targetUrl();

    /**
     * What probes of {@code HTTPS} proxies fetch: an https URL, reached through a CONNECT tunnel with TLS to the target,
     * the way clients use such a proxy. Its certificate must be valid for its host and chain to a trusted authority.
     */
    @Pattern(regexp = "https://.+", message = "must be an https URL: HTTPS proxies are probed through CONNECT with TLS")
    String tlsTargetUrl();

    /**
     * A PEM file of certificates that https targets may chain to besides the JVM's own authorities (a private CA, a
     * self-signed test target). No certificate is ever trusted without a check.
     */
    Optional<Path> targetTrustPem();

    /** The HTTP status a working proxy returns for the target; without it, any 2xx. */
    Optional<Integer> expectedStatus();

    /** A regular expression the body must contain, when set. */
    Optional<String> bodyPattern();

    /**
     * The bytes of a response body a probe reads at most: a longer body ends the probe there, judged by its status and
     * the part read, so that the body pattern must occur within it.
     */
    @WithDefault("64K")
    MemorySize maxBody();

    /**
     * What the exit-IP check fetches through each working proxy: a target that answers with the caller's address
     * ({@link #exitIpFormat()}). Unset (the default), the check is off: no public echo service is relied on.
     */
    Optional<String> exitIpUrl();

    /** How the exit-IP target answers: {@code text} (the address alone) or {@code json:<field>} (a JSON object's field). */
    @WithDefault("text")
    @Pattern(regexp = "text|json:.+", message = "must be text or json:<field>")
    String exitIpFormat();

    /**
     * Shortest time between two exit-IP checks of one proxy: a check is one more request through the proxy, made after
     * a probe that found the proxy working once this long has passed since the proxy's last check.
     */
    @WithDefault("10m")
    Duration exitIpInterval();

    /**
     * Longest a probed proxy goes without a record on {@code proxy-health-state}: the bound on how old latency, score
     * and last check are there (and in status-service, which reads them from it), plus one probe interval.
     */
    Duration stateRefresh();

    /** How far the score must move from the last record on {@code proxy-health-state} to publish a new one. */
    int stateScoreStep();

    /**
     * The share of a provider's enabled proxies failing at once (their last probe failed) at which the provider, not
     * its proxies, is taken to be down: above 0, at most 1.
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    double outageThreshold();

    /**
     * The share of a provider's enabled proxies failing below which its outage ends: above 0, below
     * {@link #outageThreshold()} (hysteresis, so that a share around the threshold does not start and end outages).
     */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax(value = "1", inclusive = false)
    double outageEndThreshold();

    /** The fewest failing proxies that make a provider's outage, whatever its share. */
    @Min(1)
    int outageMinProxies();

    /**
     * Time between two probes of a proxy whose provider is in outage, whatever its state (a proxy's own longer
     * interval stands), without fast re-probes: a provider that is down is not hammered, and its return is still seen
     * within about this long.
     */
    Duration outageInterval();

    /** How long the health log is kept. */
    Duration retention();

    /** How often log entries older than the retention are deleted. */
    String purgeEvery();

    /** Probes in flight at once in one instance; further due probes wait for a free slot. */
    int maxConcurrency();

    /**
     * Consumer group that splits the proxies (the partitions of {@code proxy-inventory}) among replicas: the
     * {@code group.id} of the {@code proxy-ownership} channel, which reads it from here.
     */
    @WithDefault("health-service-owners")
    String ownerGroupId();

    /** Per-proxy metric series (latency histogram, state); off by default as they grow with the fleet. */
    @WithDefault("false")
    boolean metricsPerProxy();
}
