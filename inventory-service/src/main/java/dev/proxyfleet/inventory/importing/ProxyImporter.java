package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.importing.ProxyBulkWriter.EndpointKey;
import dev.proxyfleet.inventory.importing.ProxyBulkWriter.Inserted;
import dev.proxyfleet.inventory.importing.ProxyBulkWriter.NewProxy;
import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Transactions;
import dev.proxyfleet.messaging.Tx;
import dev.proxyfleet.inventory.proxy.ProxyRequest;
import dev.proxyfleet.inventory.proxy.ProxyService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Bulk import: reads the body line by line, validates each line by the same rules as {@code POST /api/proxies},
 * and stores valid lines in chunks, each with its {@code proxy.created} event, all in one transaction. Memory is
 * bounded by the chunk size and one small report entry per line. A chunk takes its proxies' ids from the sequence in
 * one statement before it encrypts their passwords, which are bound to them, and inserts them in another. An import
 * that stored proxies is one audit entry in its transaction, with the counts of its lines (an entry per proxy would
 * make a large import's trail as large as the import).
 *
 * <p>Reading, validating and encrypting a chunk of lines is CPU work of tens of milliseconds, so it runs on a worker
 * thread; the event loop only sends the chunk's statements and takes their results.
 */
@ApplicationScoped
public class ProxyImporter {

    static final int CHUNK_SIZE = 1000;

    private final Transactions transactions;
    private final ProxyBulkWriter writer;
    private final ProxyService proxyService;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final Validator validator;
    private final AuditTrail audit;

    public ProxyImporter(Transactions transactions, ProxyBulkWriter writer, ProxyService proxyService,
            CredentialCipher cipher, Outbox outbox, Validator validator, AuditTrail audit) {
        this.transactions = transactions;
        this.writer = writer;
        this.proxyService = proxyService;
        this.cipher = cipher;
        this.outbox = outbox;
        this.validator = validator;
        this.audit = audit;
    }

    /** Imports a UTF-8 body; one that is not UTF-8 is refused whole (400 naming the first bad byte), storing nothing. */
    public Uni<ImportReport> importProxies(InputStream body, ImportOptions options, String actor) {
        LogCode.IMPORT_STARTED.log(ProxyImporter.class, Logger.Level.INFO, "provider %s, dry run %s, atomic %s",
                options.providerId(), options.dryRun(), options.atomic());
        return proxyService.checkReferences(options.providerId(), null)
                .chain(() -> transactions.inTransaction(tx -> {
                    ProxyLineReader lines = new ProxyLineReader(new StrictUtf8Reader(body));
                    return new Run(tx, options, lines).all().eventually(lines::close)
                            .call(report -> report.created() == 0 ? Uni.createFrom().voidItem()
                                    : audit.append(tx, AuditedEntity.PROXY, "imported", new Counts(report.lines(),
                                            report.created(), report.duplicates(), report.invalid()), actor));
                }))
                .onFailure(NothingStored.class).recoverWithItem(rolledBack -> ((NothingStored) rolledBack).report)
                .invoke(ProxyImporter::log);
    }

    /** The invalid lines by number and reason (never their text, which may hold a password), then the counts. */
    private static void log(ImportReport report) {
        report.results().stream().filter(line -> line.status() == ImportReport.Status.INVALID)
                .forEach(line -> LogCode.IMPORT_LINE_REJECTED.log(ProxyImporter.class, Logger.Level.INFO,
                        "line %d: %s", line.line(), line.reason()));
        LogCode.IMPORT_FINISHED.log(ProxyImporter.class, Logger.Level.INFO,
                "%d lines, %d created, %d valid, %d duplicates, %d invalid%s", report.lines(), report.created(),
                report.valid(), report.duplicates(), report.invalid(), report.stored() ? "" : " (nothing stored)");
    }

    /** What an import's audit entry says it changed. */
    record Counts(int lines, int created, int duplicates, int invalid) {
    }

    /** Rolls back an atomic import that found a bad line, carrying its report out of the transaction. */
    private static final class NothingStored extends RuntimeException {
        private final transient ImportReport report;

        NothingStored(ImportReport report) {
            super(null, null, false, false);
            this.report = report;
        }
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The state of one import: results so far, endpoints seen, and the chunk waiting to be written. */
    private final class Run {
        private final Tx tx;
        private final ImportOptions options;
        private final ProxyLineReader lines;
        private final List<ImportReport.Line> results = new ArrayList<>();
        private final Map<EndpointKey, Integer> seen = new HashMap<>();
        private final Map<EndpointKey, Pending> chunk = new LinkedHashMap<>();
        private final Map<String, Optional<Long>> providerIds = new HashMap<>();

        Run(Tx tx, ImportOptions options, ProxyLineReader lines) {
            this.tx = tx;
            this.options = options;
            this.lines = lines;
        }

        /** Every chunk of the body, one after the other; fails with {@link NothingStored} to roll back. */
        Uni<ImportReport> all() {
            return Multi.createBy().repeating().uni(this::nextChunk).whilst(full -> full)
                    .collect().last()
                    .map(done -> {
                        ImportReport result = report();
                        if (!result.stored() && !options.dryRun()) {
                            throw new NothingStored(result);
                        }
                        return result;
                    });
        }

        /** Reads, checks and writes the next chunk of lines; answers whether the body may have more. */
        private Uni<Boolean> nextChunk() {
            return onWorker(this::read).chain(read -> resolveProviders(read)
                    .chain(() -> onWorker(() -> check(read)))
                    .chain(() -> options.dryRun() ? preview() : store())
                    .invoke(chunk::clear)
                    .replaceWith(read.size() == CHUNK_SIZE));
        }

        private List<ParsedLine> read() {
            List<ParsedLine> read = new ArrayList<>(CHUNK_SIZE);
            while (read.size() < CHUNK_SIZE && lines.hasNext()) {
                read.add(lines.next());
            }
            return read;
        }

        /** Looks up the providers these lines name that earlier lines did not, one statement per distinct name. */
        private Uni<Void> resolveProviders(List<ParsedLine> read) {
            List<String> unresolved = read.stream()
                    .filter(ParsedLine::valid)
                    .map(line -> line.candidate().provider())
                    .filter(reference -> reference != null && !providerIds.containsKey(reference))
                    .distinct()
                    .toList();
            return Tx.each(unresolved,
                    reference -> resolveProvider(reference).invoke(id -> providerIds.put(reference, id)));
        }

        /** Checks the lines into the chunk; answers how many it holds. */
        private int check(List<ParsedLine> read) {
            read.forEach(this::accept);
            return chunk.size();
        }

        private void accept(ParsedLine line) {
            if (!line.valid()) {
                results.add(ImportReport.Line.invalid(line.lineNumber(), line.error()));
                return;
            }
            ProxyCandidate candidate = line.candidate();
            Long providerId = options.providerId();
            if (candidate.provider() != null) {
                Optional<Long> resolved = providerIds.get(candidate.provider());
                if (resolved.isEmpty()) {
                    results.add(ImportReport.Line.invalid(line.lineNumber(), "provider '" + candidate.provider() + "' does not exist"));
                    return;
                }
                providerId = resolved.get();
            }
            ProxyRequest request = toRequest(candidate, providerId);
            Set<ConstraintViolation<ProxyRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                results.add(ImportReport.Line.invalid(line.lineNumber(), describe(violations)));
                return;
            }
            Optional<String> refused = proxyService.hostRefusal(request.host());
            if (refused.isPresent()) {
                results.add(ImportReport.Line.invalid(line.lineNumber(), "host " + refused.get()));
                return;
            }
            String host = ProxyService.normalizeHost(request.host());
            EndpointKey key = new EndpointKey(host, request.port(), request.username() == null ? "" : request.username());
            Integer earlier = seen.putIfAbsent(key, line.lineNumber());
            if (earlier != null) {
                results.add(ImportReport.Line.duplicateOfLine(line.lineNumber(), earlier));
                return;
            }
            int index = results.size();
            results.add(null);
            chunk.put(key, new Pending(index, line.lineNumber(), host, request));
        }

        /** A dry run: the chunk's lines that existing proxies have are duplicates, the others valid. */
        private Uni<Void> preview() {
            return reportDuplicates(new ArrayList<>(chunk.keySet()))
                    .invoke(() -> chunk.values()
                            .forEach(p -> results.set(p.index(), ImportReport.Line.valid(p.lineNumber()))));
        }

        /**
         * Inserts the chunk's rows and appends their events. A row that was not inserted has the endpoint of a proxy
         * that existed already or that a concurrent import stored first: its line is a duplicate of that proxy. Asking
         * which endpoints exist only after the insert saves a statement per chunk in the usual import, of new proxies.
         */
        private Uni<Void> store() {
            if (chunk.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return writer.nextIds(tx, chunk.size()).chain(ids -> onWorker(() -> rows(ids))).chain(this::insert);
        }

        private Uni<Void> insert(List<NewProxy> rows) {
            return writer.insert(tx, rows).chain(inserted -> {
                List<ProxyData> events = new ArrayList<>(inserted.size());
                List<EndpointKey> taken = new ArrayList<>();
                for (NewProxy row : rows) {
                    Pending pending = chunk.get(row.key());
                    Inserted done = inserted.get(row.key());
                    if (done == null) {
                        taken.add(row.key());
                        continue;
                    }
                    results.set(pending.index(), ImportReport.Line.created(pending.lineNumber(), done.id()));
                    events.add(new ProxyData(done.id(), row.host(), row.port(), Protocol.valueOf(row.protocol()),
                            row.username(), row.passwordCiphertext(), row.keyId(), row.providerId(), row.location(),
                            // max_keys is the column's default, the contract's default too
                            row.labels(), 0, true, row.maxAccounts(), null, null, 1L, done.updatedAt()));
                }
                return reportDuplicates(taken).chain(() -> outbox.appendAll(tx, EventType.PROXY_CREATED, events));
            });
        }

        /** Reports the lines whose endpoints proxies have as duplicates of those proxies. */
        private Uni<Void> reportDuplicates(List<EndpointKey> keys) {
            return writer.findExisting(tx, keys).invoke(existing -> existing.forEach((key, id) -> {
                Pending pending = chunk.remove(key);
                results.set(pending.index(), ImportReport.Line.duplicateOfProxy(pending.lineNumber(), id));
            })).replaceWithVoid();
        }

        /** The chunk's rows, with these ids in line order and each password encrypted for its proxy. */
        private List<NewProxy> rows(List<Long> ids) {
            Iterator<Long> id = ids.iterator();
            return chunk.values().stream().map(pending -> toRow(id.next(), pending)).toList();
        }

        private NewProxy toRow(long id, Pending pending) {
            ProxyRequest request = pending.request();
            EncryptedSecret secret = request.password() == null || request.password().isEmpty() ? null
                    : cipher.encrypt(request.password(), new CredentialBinding(id, pending.host(), request.port()));
            return new NewProxy(id, pending.host(), request.port(), request.protocol().name(), request.username(),
                    secret == null ? null : secret.ciphertext(), secret == null ? null : secret.keyId(),
                    request.providerId(), request.location(), request.labels(),
                    request.maxAccounts() == null ? ProxyData.DEFAULT_MAX_ACCOUNTS : request.maxAccounts());
        }

        private ProxyRequest toRequest(ProxyCandidate candidate, Long providerId) {
            Set<String> labels = new LinkedHashSet<>();
            if (candidate.labels() != null) {
                labels.addAll(candidate.labels());
            }
            if (options.labels() != null) {
                labels.addAll(options.labels());
            }
            Protocol protocol = candidate.protocol() != null ? candidate.protocol()
                    : options.protocol() != null ? options.protocol() : Protocol.HTTP;
            // strip(), not trim(): trim() would silently drop a control character that validation must see.
            String username = candidate.username() == null || candidate.username().isBlank() ? null : candidate.username().strip();
            return new ProxyRequest(candidate.host(), candidate.port(), protocol, username, candidate.password(),
                    providerId, null, candidate.location(), List.copyOf(labels), null, null, options.maxAccounts(), null,
                    null);
        }

        private Uni<Optional<Long>> resolveProvider(String reference) {
            if (!reference.chars().allMatch(Character::isDigit)) {
                return writer.providerNamed(tx, reference);
            }
            try {
                return writer.providerWithId(tx, Long.parseLong(reference));
            } catch (NumberFormatException beyondALong) {
                return Uni.createFrom().item(Optional.empty());
            }
        }

        ImportReport report() {
            boolean clean = results.stream().allMatch(line -> line.status() == ImportReport.Status.CREATED);
            if (options.dryRun() || (options.atomic() && !clean)) {
                List<ImportReport.Line> unstored = results.stream()
                        .map(line -> line.status() == ImportReport.Status.CREATED ? ImportReport.Line.valid(line.line()) : line)
                        .toList();
                return ImportReport.of(options, false, unstored);
            }
            return ImportReport.of(options, true, results);
        }
    }

    private record Pending(int index, int lineNumber, String host, ProxyRequest request) {
    }

    private static String describe(Set<ConstraintViolation<ProxyRequest>> violations) {
        return violations.stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("; "));
    }
}
