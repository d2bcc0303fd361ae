package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.auth.TokenIssuer;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key REST routes, authentication and the error mapping, over a real HTTP client against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).as("a human message").isNotBlank();
    }

    HttpResponse<String> publish(String userId, String body) {
        return server.request("PUT", "/v1/keys", server.token(userId), body);
    }

    HttpResponse<String> fetch(String userId) {
        return server.request("GET", "/v1/keys/" + userId, server.token(user("reader")), null);
    }

    static void assertKeys(HttpResponse<String> response, String userId, TestKeys keys) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("userId").asText()).isEqualTo(userId);
        assertThat(body.path("agreementKey").asText()).isEqualTo(B64.encodeToString(keys.agreementKey()));
        assertThat(body.path("signingKey").asText()).isEqualTo(B64.encodeToString(keys.signingKey()));
        assertThat(body.path("signature").asText()).isEqualTo(B64.encodeToString(keys.signature()));
        assertThat(body.path("updatedAt").asLong()).isPositive();
    }

    // --- authentication ---------------------------------------------------------------------------------------

    static String hs256(String secret, String subject, Instant expires) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject);
            if (expires != null) {
                claims.expirationTime(Date.from(expires));
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    Stream<Arguments> refusedAuthorizations() {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        String expired = new TokenIssuer(TestServer.SECRET, null, null,
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC)).issue("alice", false,
                Duration.ofHours(1));
        String valid = server.token("alice");
        String[] parts = valid.split("\\.");
        String noneHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("no header", null),
                Arguments.of("not a bearer header", "Basic YWxpY2U6c2VjcmV0"),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("expired token", expired),
                Arguments.of("signed with another secret", new TokenIssuer("another-secret-that-is-at-least-32-bytes!!",
                        null, null, Clock.systemUTC()).issue("alice", false, Duration.ofHours(1))),
                Arguments.of("signature of another token", parts[0] + "." + parts[1] + "."
                        + server.token("bob").split("\\.")[2]),
                Arguments.of("payload changed after signing", parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(("{\"sub\":\"bob\",\"exp\":" + inAnHour.getEpochSecond() + "}")
                                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2]),
                Arguments.of("unsecured alg none", new PlainJWT(new JWTClaimsSet.Builder().subject("alice")
                        .expirationTime(Date.from(inAnHour)).build()).serialize()),
                Arguments.of("alg none header on a signed token", noneHeader + "." + parts[1] + "." + parts[2]),
                Arguments.of("alg none header, no signature", noneHeader + "." + parts[1] + "."),
                Arguments.of("malformed", "not-a-jwt"),
                Arguments.of("malformed three parts", "a.b.c"),
                Arguments.of("no exp", hs256(TestServer.SECRET, "alice", null)),
                Arguments.of("subject with a space", hs256(TestServer.SECRET, "bad user", inAnHour)),
                Arguments.of("subject with a slash", hs256(TestServer.SECRET, "../admin", inAnHour)),
                Arguments.of("subject too long", hs256(TestServer.SECRET, "a".repeat(65), inAnHour)),
                Arguments.of("empty subject", hs256(TestServer.SECRET, "", inAnHour)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAuthorizations")
    void everyRefusedTokenGets401Unauthorized(String why, String authorization) {
        String owner = user("owner");
        TestKeys keys = server.register(owner);
        HttpResponse<String> get = server.request("GET", "/v1/keys/" + owner, authorization, null);
        assertError(get, 401, "unauthorized");
        HttpResponse<String> put = server.request("PUT", "/v1/keys", authorization, TestKeys.generate().json());
        assertError(put, 401, "unauthorized");
        assertKeys(fetch(owner), owner, keys);
    }

    @Test
    void aSubjectOfExactly64AllowedCharactersIsAccepted() {
        String longest = ("Az09_.-" + UUID.randomUUID().toString().replace("-", "")).repeat(3).substring(0, 64);
        TestKeys keys = TestKeys.generate();
        HttpResponse<String> put = server.request("PUT", "/v1/keys",
                hs256(TestServer.SECRET, longest, Instant.now().plusSeconds(600)), keys.json());
        assertKeys(put, longest, keys);
    }

    // --- publish, rotate, fetch -------------------------------------------------------------------------------

    @Test
    void publishedKeysAreServedToOtherUsers() {
        String alice = user("alice");
        TestKeys keys = TestKeys.generate();
        assertKeys(publish(alice, keys.json()), alice, keys);
        assertKeys(fetch(alice), alice, keys);
    }

    @Test
    void rotatedKeysReplaceTheOldOnesAndAreServedAtOnceDespiteTheCache() {
        String alice = user("alice");
        TestKeys first = TestKeys.generate();
        publish(alice, first.json());
        assertKeys(fetch(alice), alice, first);
        assertKeys(fetch(alice), alice, first);
        TestKeys second = TestKeys.generate();
        assertKeys(publish(alice, second.json()), alice, second);
        assertKeys(fetch(alice), alice, second);
        TestKeys third = TestKeys.generate();
        publish(alice, third.json());
        assertKeys(fetch(alice), alice, third);
    }

    @Test
    void publishingAlwaysWritesTheCallersOwnKeys() {
        String alice = user("alice");
        String bob = user("bob");
        TestKeys keys = TestKeys.generate();
        String claimingBob = keys.json().replaceFirst("\\{", "{\"userId\":\"" + bob + "\",");
        assertKeys(publish(alice, claimingBob), alice, keys);
        assertError(fetch(bob), 404, "unknown_user");
        assertKeys(fetch(alice), alice, keys);
    }

    @Test
    void fetchingAUserWithoutKeysIs404UnknownUser() {
        assertError(fetch(user("ghost")), 404, "unknown_user");
    }

    @Test
    void aFirstPublishIsVisibleRightAfterA404() {
        String late = user("late");
        assertError(fetch(late), 404, "unknown_user");
        TestKeys keys = server.register(late);
        assertKeys(fetch(late), late, keys);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfPatternUserIds")
    void fetchingAnOutOfPatternUserIdIs400(String userId) {
        HttpResponse<String> response = server.request("GET", "/v1/keys/" + userId, server.token("reader"), null);
        assertError(response, 400, "invalid_request");
    }

    static Stream<String> outOfPatternUserIds() {
        return Stream.of("a".repeat(65), "bad!user", "bad%20user", "caf%C3%A9", "star*");
    }

    // --- invalid keys -----------------------------------------------------------------------------------------

    static String keysJson(byte[] agreement, byte[] signing, byte[] signature) {
        return "{\"agreementKey\":\"" + B64.encodeToString(agreement) + "\",\"signingKey\":\""
                + B64.encodeToString(signing) + "\",\"signature\":\"" + B64.encodeToString(signature) + "\"}";
    }

    static byte[] sign(KeyPair signer, byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signer.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> invalidKeyBodies() throws Exception {
        TestKeys good = TestKeys.generate();
        TestKeys other = TestKeys.generate();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] flipped = good.signature().clone();
        flipped[10] ^= 1;
        String goodAgreement = B64.encodeToString(good.agreementKey());
        String goodSigning = B64.encodeToString(good.signingKey());
        String goodSignature = B64.encodeToString(good.signature());
        return Stream.of(
                Arguments.of("agreement key 31 bytes", keysJson(Arrays.copyOf(good.agreementKey(), 31),
                        good.signingKey(), good.signature()), "invalid_keys"),
                Arguments.of("agreement key 33 bytes", keysJson(Arrays.copyOf(good.agreementKey(), 33),
                        good.signingKey(), good.signature()), "invalid_keys"),
                Arguments.of("signing key 16 bytes", keysJson(good.agreementKey(),
                        Arrays.copyOf(good.signingKey(), 16), good.signature()), "invalid_keys"),
                Arguments.of("signature 63 bytes", keysJson(good.agreementKey(), good.signingKey(),
                        Arrays.copyOf(good.signature(), 63)), "invalid_keys"),
                Arguments.of("empty agreement key", keysJson(new byte[0], good.signingKey(), good.signature()),
                        "invalid_keys"),
                Arguments.of("agreement key not base64", "{\"agreementKey\":\"***not base64***\",\"signingKey\":\""
                        + goodSigning + "\",\"signature\":\"" + goodSignature + "\"}", "invalid_keys"),
                Arguments.of("url-safe base64 is not standard base64", "{\"agreementKey\":\""
                        + goodAgreement.replace('+', '-').replace('/', '_') + "-_\",\"signingKey\":\"" + goodSigning
                        + "\",\"signature\":\"" + goodSignature + "\"}", "invalid_keys"),
                Arguments.of("signature over other bytes", keysJson(good.agreementKey(), good.signingKey(),
                        other.signature()), "invalid_keys"),
                Arguments.of("signature over the signing key", keysJson(good.agreementKey(), good.signingKey(),
                        sign(stranger, good.signingKey())), "invalid_keys"),
                Arguments.of("signature by another key", keysJson(good.agreementKey(), good.signingKey(),
                        sign(stranger, good.agreementKey())), "invalid_keys"),
                Arguments.of("a flipped signature bit", keysJson(good.agreementKey(), good.signingKey(), flipped),
                        "invalid_keys"),
                Arguments.of("keys swapped", keysJson(good.signingKey(), good.agreementKey(), good.signature()),
                        "invalid_keys"),
                Arguments.of("missing signature", "{\"agreementKey\":\"" + goodAgreement + "\",\"signingKey\":\""
                        + goodSigning + "\"}", "invalid_request"),
                Arguments.of("missing agreementKey", "{\"signingKey\":\"" + goodSigning + "\",\"signature\":\""
                        + goodSignature + "\"}", "invalid_request"),
                Arguments.of("null field", "{\"agreementKey\":null,\"signingKey\":\"" + goodSigning
                        + "\",\"signature\":\"" + goodSignature + "\"}", "invalid_request"),
                Arguments.of("number field", "{\"agreementKey\":42,\"signingKey\":\"" + goodSigning
                        + "\",\"signature\":\"" + goodSignature + "\"}", "invalid_request"),
                Arguments.of("array body", "[\"" + goodAgreement + "\"]", "invalid_request"),
                Arguments.of("string body", "\"keys\"", "invalid_request"),
                Arguments.of("malformed JSON", "{\"agreementKey\":", "invalid_request"),
                Arguments.of("empty body", "", "invalid_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidKeyBodies")
    void invalidKeysAreRefusedWith400AndTheStoredKeysStay(String why, String body, String code) {
        String alice = user("alice");
        TestKeys stored = server.register(alice);
        assertError(publish(alice, body), 400, code);
        assertKeys(fetch(alice), alice, stored);
    }

    @Test
    void invalidKeysOfANewUserPublishNothing() {
        String newcomer = user("newcomer");
        TestKeys good = TestKeys.generate();
        assertError(publish(newcomer, keysJson(good.agreementKey(), good.signingKey(), TestKeys.generate().signature())),
                400, "invalid_keys");
        assertError(fetch(newcomer), 404, "unknown_user");
    }

    // --- routes and health ------------------------------------------------------------------------------------

    @Test
    void anUnknownRouteIs404Json() {
        assertError(server.request("GET", "/v1/nothing-here", server.token("alice"), null), 404, "not_found");
        assertError(server.request("GET", "/nothing-here", null, null), 404, "not_found");
        assertError(server.request("POST", "/v1/keys/x/y", server.token("alice"), "{}"), 404, "not_found");
    }

    @Test
    void healthEndpointsAnswer200WithoutAToken() {
        HttpResponse<String> live = server.request("GET", "/health/live", null, null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).path("status").asText()).isEqualTo("up");
        HttpResponse<String> ready = server.request("GET", "/health/ready", null, null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }
}
