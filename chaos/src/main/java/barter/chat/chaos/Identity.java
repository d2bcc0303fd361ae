package barter.chat.chaos;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

/** HS256 tokens signed with the nodes' shared secret, and real key material for {@code PUT /v1/keys}. */
final class Identity {
    private final byte[] secret;
    private final String issuer;
    private final String audience;

    Identity(String secret, String issuer, String audience) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
        this.audience = audience;
    }

    String token(String userId, Duration ttl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).issuer(issuer).audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(ttl))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /**
     * A fresh X25519 agreement key, a fresh Ed25519 signing key and the signature of the raw agreement key, as the
     * JSON body of {@code PUT /v1/keys}. Raw keys are the last 32 bytes of the X.509 encoding.
     */
    static String freshKeysJson() {
        try {
            KeyPair agreement = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] agreementRaw = raw(agreement.getPublic().getEncoded());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing.getPrivate());
            signer.update(agreementRaw);
            Base64.Encoder b64 = Base64.getEncoder();
            return "{\"agreementKey\":\"" + b64.encodeToString(agreementRaw) + "\",\"signingKey\":\""
                    + b64.encodeToString(raw(signing.getPublic().getEncoded())) + "\",\"signature\":\""
                    + b64.encodeToString(signer.sign()) + "\"}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] raw(byte[] spki) {
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }
}
