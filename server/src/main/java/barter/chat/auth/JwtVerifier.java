package barter.chat.auth;

import barter.chat.ChatException;
import barter.chat.config.JwtSettings;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JWT verification with nimbus-jose-jwt: signature by one of the {@link VerificationKeys}, {@code exp} (required),
 * a lifetime within the maximum, optional issuer and audience.
 */
final class JwtVerifier implements TokenVerifier {
    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);
    static final int MAX_CLOCK_SKEW_SECONDS = 30;
    private final DefaultJWTProcessor<SecurityContext> processor;

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    static JwtVerifier create(VerificationKeys keys, JwtSettings settings, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(keys.algorithms(), keys.source()));
        processor.setJWTClaimsSetVerifier(claimsVerifier(settings, clock));
        return new JwtVerifier(processor);
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtSettings config, Clock clock) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (config.issuer() != null) {
            exact.issuer(config.issuer());
        }
        Set<String> audience = config.audience() == null ? null : Set.of(config.audience());
        long maxTtlMillis = config.maxTtl().toMillis();
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
