package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.contracts.Protocol;
import java.util.List;

/**
 * Query options of an import. {@code providerId}, {@code labels} and {@code maxAccounts} apply to every line;
 * {@code protocol} applies to lines that do not name one (a URL scheme or CSV cell wins).
 *
 * @param dryRun store nothing, report what would happen
 * @param atomic store everything or nothing: one invalid or duplicate line stores no line
 */
public record ImportOptions(Long providerId, Protocol protocol, List<String> labels, Integer maxAccounts,
        boolean dryRun, boolean atomic) {
}
