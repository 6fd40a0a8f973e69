package dev.proxyfleet.inventory.proxy;

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

    public CredentialResource(CredentialRotation rotation) {
        this.rotation = rotation;
    }

    /** Re-encrypts every stored password under the primary key (after a key rotation). */
    @POST
    @Path("/re-encrypt")
    public Uni<CredentialRotation.Result> reEncrypt() {
        return rotation.reEncryptAll();
    }
}
