package dev.proxyfleet.localinfra.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.loopback.Login;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Fills a fresh fleet the way its users do: the providers and one CSV import of the proxies over inventory-service's
 * REST API, then {@code account.created} events on {@code account-events}, as account services send them.
 */
final class DemoSeed {

    /** The models and their accounts: more than the proxies hold, so that some wait for capacity. */
    static final List<Model> MODELS = List.of(new Model("model-a", 8), new Model("model-b", 9), new Model("model-c", 8));
    static final String SOURCE = "/demo";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);

    private final FleetApi api;
    private final String inventoryUrl;
    private final String assignmentUrl;

    DemoSeed(FleetApi api, String inventoryUrl, String assignmentUrl) {
        this.api = api;
        this.inventoryUrl = inventoryUrl;
        this.assignmentUrl = assignmentUrl;
    }

    /** Creates the providers and imports the proxies listening on these ports; their inventory ids. */
    Map<DemoProxy, Long> importProxies(Map<DemoProxy, Integer> ports, Login login) {
        for (DemoProvider provider : DemoProvider.values()) {
            api.post(inventoryUrl + "/api/providers", "application/json", provider.json());
        }
        StringBuilder csv = new StringBuilder("host,port,protocol,username,password,location,labels,provider\n");
        ports.forEach((proxy, port) -> csv.append(String.join(",", "127.0.0.1", port.toString(), proxy.protocol.name(),
                proxy.login ? login.username() : "", proxy.login ? login.password() : "", proxy.location, proxy.labels(),
                proxy.provider.displayName)).append('\n'));
        JsonNode report = api.post(inventoryUrl + "/api/proxies/import", "text/csv", csv.toString());
        List<JsonNode> lines = StreamSupport.stream(report.get("results").spliterator(), false).toList();
        if (report.get("created").asInt() != ports.size()) {
            // The report names lines and reasons only, never a line's content.
            throw new IllegalStateException("the demo's import did not create every proxy: " + report.get("results"));
        }
        Map<DemoProxy, Long> ids = new EnumMap<>(DemoProxy.class);
        int line = 0;
        for (DemoProxy proxy : ports.keySet()) {
            ids.put(proxy, lines.get(line++).get("id").asLong());
        }
        return ids;
    }

    /**
     * Waits until assignment-service counts every proxy healthy and knows its exit IP: the policy prefers healthy
     * proxies, so accounts placed before some are probed would crowd onto the first healthy ones; and an account placed
     * before its proxy's exit IP is known would have to move when the address turns out to be another model's.
     */
    void awaitHealthy(Collection<Long> ids) {
        String available = assignmentUrl + "/api/proxies/available?modelId=" + MODELS.get(0).id();
        await("every demo proxy to be probed healthy (see logs/health-service.log)", () -> {
            Set<Long> healthy = StreamSupport.stream(api.get(available).spliterator(), false)
                    .filter(proxy -> proxy.get("health").asText().equals("healthy"))
                    .map(proxy -> proxy.get("id").asLong()).collect(Collectors.toSet());
            return healthy.containsAll(ids);
        });
        await("every demo proxy's exit IP to be read (see logs/health-service.log)", () -> {
            Set<Long> read = StreamSupport.stream(api.get(assignmentUrl + "/api/exit-ips").spliterator(), false)
                    .flatMap(address -> StreamSupport.stream(address.get("proxyIds").spliterator(), false))
                    .map(JsonNode::asLong).collect(Collectors.toSet());
            return read.containsAll(ids);
        });
    }

    /**
     * Publishes the accounts in two rounds, so that every model holds proxies before the rest arrive: first one account
     * per proxy, the models in turn; then the rest, which fill their models' proxies until no room of their model is
     * left. The policy keeps a reserve of empty proxies, so how the first round shares out depends on the order the
     * partitions deliver it in: a run opens with 22 or 23 accounts assigned and the others waiting.
     */
    Accounts publishAccounts(KafkaProducer<String, byte[]> producer, int proxies) {
        List<AccountData> accounts = interleaved();
        publish(producer, accounts.subList(0, proxies));
        await("the first " + proxies + " accounts to be assigned", () -> assigned() == proxies);
        publish(producer, accounts.subList(proxies, accounts.size()));
        Accounts[] seen = new Accounts[1];
        await("every demo account to be assigned or pending", () -> {
            seen[0] = new Accounts(assigned(), api.get(assignmentUrl + "/api/assignments/pending").size());
            return seen[0].assigned() + seen[0].pending() == accounts.size();
        });
        return seen[0];
    }

    /** model-a-01, model-b-01, model-c-01, model-a-02, …: the models in turn. */
    private static List<AccountData> interleaved() {
        List<AccountData> accounts = new ArrayList<>();
        int most = MODELS.stream().mapToInt(Model::accounts).max().orElse(0);
        for (int number = 1; number <= most; number++) {
            for (Model model : MODELS) {
                if (number <= model.accounts()) {
                    accounts.add(new AccountData("%s-%02d".formatted(model.id(), number), model.id(), null, null));
                }
            }
        }
        return accounts;
    }

    private static void publish(KafkaProducer<String, byte[]> producer, List<AccountData> accounts) {
        accounts.forEach(account -> producer.send(CloudEvent.create(EventType.ACCOUNT_CREATED, SOURCE, account).toProducerRecord()));
        producer.flush();
    }

    private int assigned() {
        return api.get(assignmentUrl + "/api/assignments").size();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the demo waited " + PATIENCE.toMinutes() + " minutes in vain for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A model of accounts and how many the demo creates. */
    record Model(String id, int accounts) {
    }

    /** Where the demo's accounts stand. */
    record Accounts(int assigned, int pending) {
    }
}
