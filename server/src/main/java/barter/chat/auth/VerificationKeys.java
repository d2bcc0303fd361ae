package barter.chat.auth;

import barter.chat.config.ChatConfig;
import barter.chat.config.JwtSettings;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The keys tokens may be signed with, and the algorithms allowed for them. A token's {@code kid} picks its key; a
 * token without one is tried against every key of its algorithm (nimbus's key matching), which keeps the tokens of
 * a single key configured before kids existed valid while a second key is added.
 */
record VerificationKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms) {
    /** Public keys only sign these; a symmetric algorithm with a public key would let anyone forge tokens. */
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int HTTP_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;
    private static final Duration MAX_UNKNOWN_KID_REFETCH = Duration.ofSeconds(30);

    /** The configured source: a JWKS URL, else public key files, else secrets (or the embedded generated one). */
    static VerificationKeys fromConfig(ChatConfig config) {
        JwtSettings jwt = config.jwt();
        if (jwt.jwksUrl() != null) {
            return jwks(jwt);
        }
        if (!jwt.publicKeys().isEmpty()) {
            List<JWK> keys = jwt.publicKeys().stream().map(PemKeys::readJwk).toList();
            return new VerificationKeys(new ImmutableJWKSet<>(new JWKSet(keys)), ASYMMETRIC);
        }
        List<JWK> secrets = JwtSecrets.forVerification(jwt, config.dataDir()).stream()
                .<JWK>map(s -> new OctetSequenceKey.Builder(s.value().getBytes(StandardCharsets.UTF_8))
                        .keyID(s.kid()).build())
                .toList();
        return new VerificationKeys(new ImmutableJWKSet<>(new JWKSet(secrets)), Set.of(JWSAlgorithm.HS256));
    }

    /**
     * A JWKS document fetched over HTTP and cached for {@code CHAT_JWT_JWKS_REFRESH}: a key added to the document is
     * used from the first token that names it (an unknown kid fetches again, at most every 30 s or every half
     * refresh interval if shorter), a key removed stops verifying once the cached copy expires. While the URL cannot be
     * reached, the last document fetched keeps being used.
     */
    private static VerificationKeys jwks(JwtSettings jwt) {
        long ttl = jwt.jwksRefresh().toMillis();
        // nimbus needs the rate limit shorter than the cache's life
        long refetch = Math.min(ttl / 2, MAX_UNKNOWN_KID_REFETCH.toMillis());
        try {
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(jwt.jwksUrl().toURL(),
                            new DefaultResourceRetriever(HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
                    .cache(ttl, HTTP_TIMEOUT_MILLIS * 2L)
                    .refreshAheadCache(false)
                    .rateLimited(refetch)
                    .retrying(true)
                    .outageTolerantForever()
                    .build();
            return new VerificationKeys(source, ASYMMETRIC);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("CHAT_JWT_JWKS_URL=" + jwt.jwksUrl() + ": " + e.getMessage(), e);
        }
    }
}
