package dev.proxyfleet.health.outage;

import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.health.state.Outcome;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Whether our own egress reaches the probe target: {@code health.target-url} fetched without a proxy every fast
 * interval, judged as a probe is (expected status, body pattern). Most of all proxies failing at once is our egress
 * being down, not the providers, only when this fails too ({@link ProviderOutages}). It runs only while its answer may
 * matter: for a minute after a probe failed, and for as long as the target is unreachable. A healthy fleet (or none,
 * as on a developer's first {@code ./run.sh}) sends nothing to the target without a proxy. One that does not answer
 * takes the timeout, and the next check waits for it.
 */
@ApplicationScoped
public class DirectCheck {

    /** How long after a failed probe the target is still checked directly. */
    static final Duration WANTED_FOR = Duration.ofMinutes(1);

    private final Prober prober;
    private final HealthClassifier classifier;
    /** Until a check failed, the target counts as reachable: a start-up does not declare the egress down. */
    private volatile boolean reachable = true;
    /** Until when (System.nanoTime) checks are wanted; as long ago as can be at first. */
    private volatile long wantedUntil = System.nanoTime() - 1;

    public DirectCheck(Prober prober, HealthClassifier classifier) {
        this.prober = prober;
        this.classifier = classifier;
    }

    /** Whether the last direct fetch of the target worked. */
    public boolean reachable() {
        return reachable;
    }

    /** A probe failed: the target is checked directly for the next {@link #WANTED_FOR}. */
    public void wanted() {
        wantedUntil = System.nanoTime() + WANTED_FOR.toNanos();
    }

    /** Whether a check is due at {@code now} (System.nanoTime): a probe failed lately, or the target was unreachable. */
    boolean due(long now) {
        return !reachable || now - wantedUntil < 0;
    }

    @Scheduled(every = "{health.fast-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        if (!due(System.nanoTime())) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> prober.direct().toCompletionStage()).invoke(result -> {
            Verdict verdict = classifier.classify(result);
            boolean now = verdict.outcome() != Outcome.DOWN;
            if (now != reachable) {
                if (now) {
                    Log.info("The probe target is reachable directly again");
                } else {
                    Log.warnf("The probe target is not reachable directly (%s)", verdict.error());
                }
            }
            reachable = now;
        }).replaceWithVoid();
    }
}
