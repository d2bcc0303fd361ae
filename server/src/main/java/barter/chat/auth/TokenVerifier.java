package barter.chat.auth;

import barter.chat.config.ChatConfig;
import java.time.Clock;

/**
 * Checks bearer tokens. Thread-safe. {@link #verify} throws {@link barter.chat.ChatException} with
 * {@code unauthorized} for a missing, malformed, unsigned, forged or expired token, or one whose subject is not a
 * valid user id.
 */
public interface TokenVerifier {

    Principal verify(String token);

    /**
     * The verifier the configuration asks for: keys from a JWKS URL, else RS256/ES256 public keys, else HS256
     * secrets (in embedded mode without one, the secret generated into the data dir).
     */
    static TokenVerifier fromConfig(ChatConfig config, Clock clock) {
        return JwtVerifier.create(VerificationKeys.fromConfig(config), config.jwt(), clock);
    }
}
