package dev.proxyfleet.assignment.rest;

import jakarta.validation.constraints.NotNull;

/**
 * A manual assignment: to {@code proxyId}, or by policy when it is absent. {@code modelId} is needed for a new account.
 * Both ids follow the rule of the {@code account.*} events, so an account known from Kafka can be addressed here.
 */
public record AssignRequest(@NotNull @ExternalId String accountId, @ExternalId String modelId, Long proxyId) {
}
