package barter.chat.client.keys;

import barter.chat.client.RestClient;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The server's public-key directory over REST: {@code PUT /v1/keys} and {@code GET /v1/keys/{userId}}. Blocking
 * (call it off Android's main thread); thread-safe. Every key it returns has had its signature checked.
 */
public final class KeyDirectoryClient {
    private final RestClient rest;

    public KeyDirectoryClient(RestClient rest) {
        this.rest = rest;
    }

    /** Publishes (or rotates to) {@code keys} for the token's user. */
    public void publish(PublicKeys keys) throws IOException {
        RestClient.Answer answer = rest.put("/v1/keys", RestClient.object().put("agreementKey", keys.agreementKeyBase64())
                .put("signingKey", keys.signingKeyBase64()).put("signature", keys.signatureBase64()));
        if (!answer.isSuccessful()) {
            throw RestClient.failure(answer);
        }
    }

    /** A user's keys with a verified signature, or empty when the user has published none. */
    public Optional<PublicKeys> lookup(String userId) throws IOException {
        if (!UserIds.isValid(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        RestClient.Answer answer = rest.get("/v1/keys/" + userId);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw RestClient.failure(answer);
        }
        JsonNode node = answer.json();
        PublicKeys keys;
        try {
            keys = PublicKeys.fromBase64(node.path("agreementKey").asText(), node.path("signingKey").asText(),
                    node.path("signature").asText());
            keys.verify();
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IOException("the server returned invalid keys for " + userId, e);
        }
        return Optional.of(keys);
    }
}
