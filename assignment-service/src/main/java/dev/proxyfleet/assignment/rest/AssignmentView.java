package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.Account;
import java.time.Instant;
import java.util.List;

/** An account and where it stands: {@code assigned} (with its proxy), {@code pending} or {@code inactive}. */
public record AssignmentView(String accountId, String modelId, Long vpsId, Long proxyId, String status, Instant pendingSince) {

    static AssignmentView from(Account account) {
        String status = !account.active() ? "inactive" : account.proxyId() != null ? "assigned" : "pending";
        return new AssignmentView(account.accountId(), account.modelId(), account.vpsId(), account.proxyId(), status,
                account.pendingSince());
    }

    static List<AssignmentView> all(List<Account> accounts) {
        return accounts.stream().map(AssignmentView::from).toList();
    }
}
