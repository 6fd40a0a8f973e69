package dev.proxyfleet.assignment.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A manual assignment: to {@code proxyId}, or by policy when it is absent. {@code modelId} is needed for a new account. */
public record AssignRequest(@NotBlank @Size(max = 200) String accountId, @Size(max = 200) String modelId, Long proxyId) {
}
