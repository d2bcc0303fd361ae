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

    /** The verifier the configuration asks for: an RS256/ES256 public key if given, else the HS256 secret. */
    static TokenVerifier fromConfig(ChatConfig config, String secret, Clock clock) {
        if (config.jwtPublicKey() != null) {
            return JwtVerifier.publicKey(PemKeys.readPublicKey(config.jwtPublicKey()), config, clock);
        }
        return JwtVerifier.hmac(secret, config, clock);
    }
}
