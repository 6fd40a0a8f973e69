package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Administration of stored credentials. */
@Path("/api/admin/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {

    private final CredentialRotation rotation;
    private final Caller caller;

    public CredentialResource(CredentialRotation rotation, Caller caller) {
        this.rotation = rotation;
        this.caller = caller;
    }

    /** Re-encrypts every stored secret under the primary key (after a key rotation), each audited with the caller. */
    @POST
    @Path("/re-encrypt")
    public Uni<CredentialRotation.Result> reEncrypt() {
        return caller.actor().chain(rotation::reEncryptAll);
    }
}
