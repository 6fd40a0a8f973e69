package dev.proxyfleet.localinfra;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kafka.Kafka} and exits when the JVM that started it is gone, so a killed test run or launcher never
 * leaves an orphan broker holding its ports.
 */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) {
        long parentPid = Long.getLong("parent.pid", -1);
        if (parentPid > 0) {
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "parent-watch");
                thread.setDaemon(true);
                return thread;
            }).scheduleAtFixedRate(() -> {
                if (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                    return;
                }
                System.exit(0);
            }, 1, 1, TimeUnit.SECONDS);
        }
        kafka.Kafka.main(args);
    }
}
