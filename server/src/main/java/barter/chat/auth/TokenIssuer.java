package barter.chat.auth;

import barter.chat.config.JwtSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * Signs HS256 tokens: the operator's and demo's {@code token} command, and tests. A key with a kid puts it in the
 * header, so servers that know several keys pick this one; a key without one signs tokens as before kids existed.
 */
public final class TokenIssuer {
    private final MACSigner signer;
    private final String kid;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    public TokenIssuer(String secret, String issuer, String audience, Clock clock) {
        this(new JwtSettings.Secret(null, secret), issuer, audience, clock);
    }

    public TokenIssuer(JwtSettings.Secret key, String issuer, String audience, Clock clock) {
        try {
            this.signer = new MACSigner(key.value().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes", e);
        }
        this.kid = key.kid();
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public String issue(String userId, boolean admin, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(ttl)));
        if (admin) {
            claims.claim("roles", List.of("admin"));
        }
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}
