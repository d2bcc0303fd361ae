package barter.chat.auth;

import barter.chat.ChatException;
import barter.chat.config.ChatConfig;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JWT verification with nimbus-jose-jwt: signature, {@code exp} (required), optional issuer and audience. */
final class JwtVerifier implements TokenVerifier {
    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);
    static final int MAX_CLOCK_SKEW_SECONDS = 30;
    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    static JwtVerifier hmac(String secret, ChatConfig config, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8))));
        processor.setJWTClaimsSetVerifier(claimsVerifier(config, clock));
        return new JwtVerifier(processor);
    }

    static JwtVerifier publicKey(PublicKey key, ChatConfig config, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        JWSAlgorithm algorithm = key instanceof ECPublicKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(algorithm, key));
        processor.setJWTClaimsSetVerifier(claimsVerifier(config, clock));
        return new JwtVerifier(processor);
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(ChatConfig config, Clock clock) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (config.jwtIssuer() != null) {
            exact.issuer(config.jwtIssuer());
        }
        Set<String> audience = config.jwtAudience() == null ? null : Set.of(config.jwtAudience());
        long maxTtlMillis = config.jwtMaxTtl().toMillis();
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(audience, exact.build(),
                new HashSet<>(List.of("sub", "exp")), null) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant());
            }

            /** A stolen long-lived token is a long-lived account takeover: refuse lifetimes past the maximum. */
            @Override
            public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
                super.verify(claims, context);
                java.util.Date issued = claims.getIssueTime() != null ? claims.getIssueTime() : currentTime();
                if (claims.getExpirationTime().getTime() - issued.getTime() > maxTtlMillis) {
                    throw new BadJWTException("token lifetime is longer than CHAT_JWT_MAX_TTL");
                }
            }
        };
        verifier.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        return verifier;
    }

    @Override
    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "missing bearer token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "malformed token");
        } catch (BadJOSEException | JOSEException e) {
            // the reason helps an operator, and an attacker probing signatures, algorithms and claims: log it only
            log.info("token refused: {}", e.getMessage());
            throw new ChatException(ErrorCode.UNAUTHORIZED, "token rejected");
        }
        String subject = claims.getSubject();
        if (!UserIds.isValid(subject)) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "token subject is not a valid user id");
        }
        // the same skew the verifier allowed, so a socket is not closed the moment it opened
        return new Principal(subject, roles(claims),
                claims.getExpirationTime().toInstant().plusSeconds(MAX_CLOCK_SKEW_SECONDS));
    }

    private static Set<String> roles(JWTClaimsSet claims) {
        try {
            List<String> roles = claims.getStringListClaim("roles");
            return roles == null ? Set.of() : Set.copyOf(roles);
        } catch (ParseException e) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "'roles' must be a list of strings");
        }
    }
}
