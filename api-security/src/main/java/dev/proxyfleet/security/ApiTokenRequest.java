package dev.proxyfleet.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A presented {@code pft_} token, on its way to {@link ApiTokenIdentityProvider}. */
public class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
