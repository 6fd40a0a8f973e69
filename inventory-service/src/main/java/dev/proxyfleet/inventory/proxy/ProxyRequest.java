package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.inventory.web.HostName;
import dev.proxyfleet.inventory.web.NoControlCharacters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A proxy as clients write it (create, replace, and each import line). {@code password} is write-only: absent on
 * replace keeps the stored one, an empty string removes it.
 */
public record ProxyRequest(
        @NotBlank @HostName @Size(max = 253) String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @NotNull Protocol protocol,
        @Size(max = 255) @NoControlCharacters String username,
        @Size(max = 1024) @NoControlCharacters String password,
        Long providerId,
        Long vpsId,
        @Size(max = 128) @NoControlCharacters String location,
        @Size(max = 20) List<@NotBlank @Size(max = 64) @NoControlCharacters String> labels,
        @Min(0) Integer priority,
        Boolean enabled,
        @Min(1) @Max(100) Integer maxAccounts,
        @Min(0) @Max(100) Integer maxKeys,
        @Size(max = 2000) @NoControlCharacters(lineBreaks = true) String notes) {

    /** Masks the password: a request may end up in a log line or an assertion message. */
    @Override
    public String toString() {
        return "ProxyRequest[host=" + host + ", port=" + port + ", protocol=" + protocol + ", username=" + username
                + ", passwordSet=" + (password != null) + ", providerId=" + providerId + "]";
    }

    /** The request that describes a stored proxy, without its password; the base of a merge-patch. */
    static ProxyRequest of(Proxy proxy) {
        return new ProxyRequest(proxy.host, proxy.port, proxy.protocol, proxy.username, null, proxy.providerId,
                proxy.vpsId, proxy.location, proxy.labels, proxy.priority, proxy.enabled, proxy.maxAccounts, proxy.maxKeys,
                proxy.notes);
    }
}
