package barter.chat.auth;

import barter.chat.config.JwtSettings;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a PEM {@code PUBLIC KEY} (RSA or EC) for RS256/ES256 verification. */
final class PemKeys {
    private PemKeys() {
    }

    /** The file's key as a JWK carrying the configured kid (none for a single key configured without one). */
    static JWK readJwk(JwtSettings.KeyFile file) {
        PublicKey key = readPublicKey(file.file());
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("CHAT_JWT_PUBLIC_KEY=" + file.file() + ": an EC key on an unknown curve "
                        + "(ES256 needs P-256)");
            }
            return new ECKey.Builder(curve, ec).keyID(file.kid()).build();
        }
        return new RSAKey.Builder((RSAPublicKey) key).keyID(file.kid()).build();
    }

    private static PublicKey readPublicKey(Path file) {
        try {
            String pem = Files.readString(file);
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
            for (String algorithm : new String[] {"RSA", "EC"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(spec);
                } catch (GeneralSecurityException tryNext) {
                    // not this algorithm; the next one may fit
                }
            }
            throw new IllegalArgumentException("neither an RSA nor an EC public key");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("CHAT_JWT_PUBLIC_KEY=" + file + ": " + e.getMessage(), e);
        }
    }
}
