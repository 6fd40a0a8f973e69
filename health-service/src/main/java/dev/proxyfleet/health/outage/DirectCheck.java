package dev.proxyfleet.health.outage;

import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.health.state.Outcome;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether our own egress reaches the probe target: {@code health.target-url} fetched without a proxy every fast
 * interval, judged as a probe is (expected status, body pattern). Most of all proxies failing at once is our egress
 * being down, not the providers, only when this fails too ({@link ProviderOutages}). One small request per fast
 * interval per replica; one that does not answer takes the timeout, and the next check waits for it.
 */
@ApplicationScoped
public class DirectCheck {

    private final Prober prober;
    private final HealthClassifier classifier;
    /** Until a check failed, the target counts as reachable: a start-up does not declare the egress down. */
    private volatile boolean reachable = true;

    public DirectCheck(Prober prober, HealthClassifier classifier) {
        this.prober = prober;
        this.classifier = classifier;
    }

    /** Whether the last direct fetch of the target worked. */
    public boolean reachable() {
        return reachable;
    }

    @Scheduled(every = "{health.fast-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
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
