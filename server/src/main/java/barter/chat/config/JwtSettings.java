package barter.chat.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How tokens are verified. At most one key source is used: a JWKS URL, else public keys, else secrets (in embedded
 * mode, no secret means the one generated into the data dir). Several keys at once are what makes a rotation
 * without downtime possible: a token names its key by {@code kid}; a token without {@code kid} is tried against
 * every configured key of its algorithm, so the tokens of a single key configured before kids existed keep working.
 *
 * @param secrets      HS256 secrets, in the order configured (the first signs by default)
 * @param publicKeys   PEM files of RS256/ES256 public keys
 * @param jwksUrl      a JWKS document of RS256/ES256 keys, or null
 * @param jwksRefresh  how long a fetched JWKS document is used before it is fetched again
 * @param issuer       required {@code iss}, or null for any
 * @param audience     required {@code aud}, or null for any
 * @param maxTtl       tokens whose {@code exp - iat} is longer are refused
 */
public record JwtSettings(
        List<Secret> secrets,
        List<KeyFile> publicKeys,
        URI jwksUrl,
        Duration jwksRefresh,
        String issuer,
        String audience,
        Duration maxTtl) {

    public JwtSettings {
        secrets = List.copyOf(secrets);
        publicKeys = List.copyOf(publicKeys);
    }

    /** An HS256 secret and its key id (null for a single secret configured without one). */
    public record Secret(String kid, String value) {
        /** Never prints the secret: configurations end up in logs and error messages. */
        @Override
        public String toString() {
            return "Secret[kid=" + kid + "]";
        }
    }

    /** A PEM public key file and its key id (null for a single file configured without one). */
    public record KeyFile(String kid, Path file) {
    }
}
