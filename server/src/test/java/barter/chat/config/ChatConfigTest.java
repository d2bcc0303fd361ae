package barter.chat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration from the environment and a --config file: defaults, validation, precedence. */
class ChatConfigTest {
    @TempDir
    Path dir;

    static ConfigException refused(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChatConfig.fromEnv(env));
        assertThat(e).as("%s must be refused", env).isNotNull();
        return e;
    }

    static Stream<Arguments> badSingleValues() {
        return Stream.of(
                Arguments.of("CHAT_PORT", "70000"),
                Arguments.of("CHAT_PORT", "-1"),
                Arguments.of("CHAT_PORT", "http"),
                Arguments.of("CHAT_PORT", "80.5"),
                Arguments.of("CHAT_RETENTION", "-P1D"),
                Arguments.of("CHAT_RETENTION", "P0D"),
                Arguments.of("CHAT_RETENTION", "7 days"),
                Arguments.of("CHAT_RETENTION", "7d"),
                Arguments.of("CHAT_KEY_CACHE_TTL", "PT0S"),
                Arguments.of("CHAT_KEY_CACHE_TTL", "sixty minutes"),
                Arguments.of("CHAT_CLEANUP_INTERVAL", "-PT1S"),
                Arguments.of("CHAT_CLEANUP_INTERVAL", "PT"),
                Arguments.of("CHAT_WS_AUTH_TIMEOUT", "PT0S"),
                Arguments.of("CHAT_WS_PING_INTERVAL", "20"),
                Arguments.of("CHAT_MAX_BODY_BYTES", "0"),
                Arguments.of("CHAT_MAX_BODY_BYTES", "64k"),
                Arguments.of("CHAT_WS_OUTBOUND_QUEUE", "1"),
                Arguments.of("CHAT_WS_OUTBOUND_BYTES", "1000"),
                Arguments.of("CHAT_DB_POOL_SIZE", "1"),
                Arguments.of("CHAT_WS_SLOW_CONSUMER_TIMEOUT", "PT0S"),
                Arguments.of("CHAT_DB_URL", "jdbc:mysql://localhost/chat"),
                Arguments.of("CHAT_DB_URL", "postgresql://localhost/chat"),
                Arguments.of("CHAT_REDIS_URL", "localhost:6379"),
                Arguments.of("CHAT_LIMIT_MESSAGES", "lots"),
                Arguments.of("CHAT_LIMIT_MESSAGES", "100,20/d"),
                Arguments.of("CHAT_LIMIT_MESSAGES", "100/s"),
                Arguments.of("CHAT_LIMIT_CONNECTS", "0,10/m"),
                Arguments.of("CHAT_LIMIT_HTTP", "a,b/s"),
                Arguments.of("CHAT_LIMIT_KEYS", "10,-1/h"),
                Arguments.of("CHAT_JWT_PUBLIC_KEY", "/nonexistent/jwt-public.pem"),
                Arguments.of("CHAT_TLS_CERT", "/nonexistent/cert.pem"),
                Arguments.of("CHAT_LOG_FORMAT", "xml"),
                Arguments.of("CHAT_REVEAL_BLOCKS", "yes"),
                Arguments.of("CHAT_NODE_ID", "node one"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSingleValues")
    void aBadValueIsRefusedNamingTheVariableAndTheValue(String variable, String value) {
        ConfigException e = refused(Map.of(variable, value));
        assertThat(e.getMessage()).contains(variable + "=" + value);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(variable + "=" + value + ": "));
    }

    @Test
    void aShortSecretIsRefusedNamingTheVariableButNeverEchoingTheSecret() {
        ConfigException e = refused(Map.of("CHAT_JWT_SECRET", "short-secret-31-bytes-long-xxxx"));
        assertThat(e.getMessage()).contains("CHAT_JWT_SECRET").contains("32 bytes").contains("got 31")
                .doesNotContain("short-secret");
    }

    @Test
    void aSecretOf32BytesIsAccepted() {
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", "x".repeat(32))).jwt().secrets()).extracting(JwtSettings.Secret::value)
                .containsExactly("x".repeat(32));
    }

    @Test
    void aTlsCertWithoutAKeyIsRefused() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        ConfigException e = refused(Map.of("CHAT_TLS_CERT", cert.toString()));
        assertThat(e.getMessage()).contains("CHAT_TLS_CERT").contains("CHAT_TLS_KEY");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        assertThat(refused(Map.of("CHAT_TLS_KEY", key.toString())).getMessage()).contains("CHAT_TLS_CERT");
        ChatConfig both = ChatConfig.fromEnv(Map.of("CHAT_TLS_CERT", cert.toString(), "CHAT_TLS_KEY", key.toString()));
        assertThat(both.tlsCert()).isEqualTo(cert);
        assertThat(both.tlsKey()).isEqualTo(key);
    }

    @Test
    void clusterModeWithoutASecretOrPublicKeyIsRefused() throws IOException {
        ConfigException e = refused(Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0"));
        assertThat(e.getMessage()).contains("CHAT_JWT_SECRET").contains("cluster");
        ChatConfig withSecret = ChatConfig.fromEnv(Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0",
                "CHAT_JWT_SECRET", "y".repeat(40), "CHAT_JWT_ISSUER", "https://id.example", "CHAT_JWT_AUDIENCE", "chat"));
        assertThat(withSecret.clusterMode()).isTrue();
        Path pem = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n");
        ChatConfig withKey = ChatConfig.fromEnv(Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0",
                "CHAT_JWT_PUBLIC_KEY", pem.toString(), "CHAT_JWT_ISSUER", "https://id.example",
                "CHAT_JWT_AUDIENCE", "chat"));
        assertThat(withKey.jwt().publicKeys()).containsExactly(new JwtSettings.KeyFile(null, pem));
    }

    @Test
    void clusterModeRequiresIssuerAndAudience() {
        Map<String, String> env = new HashMap<>(Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0",
                "CHAT_JWT_SECRET", "y".repeat(40)));
        assertThat(refused(env).getMessage()).contains("CHAT_JWT_ISSUER and CHAT_JWT_AUDIENCE: both required in "
                + "cluster mode");
        env.put("CHAT_JWT_ISSUER", "https://id.example");
        assertThat(refused(env).getMessage()).contains("CHAT_JWT_AUDIENCE");
        env.put("CHAT_JWT_AUDIENCE", "chat");
        assertThat(ChatConfig.fromEnv(env).jwt().audience()).isEqualTo("chat");
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", "y".repeat(40))).jwt().issuer())
                .as("embedded mode: optional").isNull();
    }

    @Test
    void severalSecretsAreKidEqualsSecretEntriesAndASingleValueKeepsItsMeaning() {
        String a = "a".repeat(32);
        String b = "b".repeat(40);
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", "2026-06=" + a + ", 2026-12=" + b)).jwt().secrets())
                .containsExactly(new JwtSettings.Secret("2026-06", a), new JwtSettings.Secret("2026-12", b));
        String base64 = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ0=";
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", base64)).jwt().secrets())
                .as("base64 padding is not a kid").containsExactly(new JwtSettings.Secret(null, base64));
        String doublePadding = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeA==";
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", doublePadding)).jwt().secrets())
                .containsExactly(new JwtSettings.Secret(null, doublePadding));
    }

    @Test
    void aShortSecretInAListOrATwiceUsedKidIsRefusedWithoutEchoingTheSecret() {
        ConfigException duplicate = refused(Map.of("CHAT_JWT_SECRET", "k=" + "a".repeat(32) + ",k=" + "b".repeat(32)));
        assertThat(duplicate.getMessage()).contains("'k' is used twice").doesNotContain("aaaa");
        ConfigException tooShort = refused(Map.of("CHAT_JWT_SECRET", "k=" + "a".repeat(32) + ",j=short-one"));
        assertThat(tooShort.getMessage()).contains("CHAT_JWT_SECRET").contains("32 bytes").doesNotContain("short-one")
                .doesNotContain("aaaa");
    }

    @Test
    void severalPublicKeysAreKidEqualsFileEntries() throws IOException {
        Path one = Files.writeString(dir.resolve("one.pem"), "x");
        Path two = Files.writeString(dir.resolve("two.pem"), "x");
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_JWT_PUBLIC_KEY", "k1=" + one + ",k2=" + two)).jwt().publicKeys())
                .containsExactly(new JwtSettings.KeyFile("k1", one), new JwtSettings.KeyFile("k2", two));
        assertThat(refused(Map.of("CHAT_JWT_PUBLIC_KEY", "k1=" + one + ",k2=" + dir.resolve("missing.pem")))
                .getMessage()).contains("missing.pem").contains("not readable");
        assertThat(refused(Map.of("CHAT_JWT_PUBLIC_KEY", dir.resolve("nowhere.pem").toString())).getMessage())
                .contains("neither a readable file nor kid=file");
    }

    @Test
    void aJwksUrlIsAnHttpUrlAndTheOnlyKeySource() {
        ChatConfig config = ChatConfig.fromEnv(Map.of("CHAT_JWT_JWKS_URL", "https://id.example/.well-known/jwks.json"));
        assertThat(config.jwt().jwksUrl()).hasToString("https://id.example/.well-known/jwks.json");
        assertThat(config.jwt().jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(refused(Map.of("CHAT_JWT_JWKS_URL", "file:///etc/passwd")).getMessage())
                .contains("CHAT_JWT_JWKS_URL=file:///etc/passwd: must be an http:// or https:// URL");
        assertThat(refused(Map.of("CHAT_JWT_JWKS_URL", "https://id.example/jwks", "CHAT_JWT_SECRET", "s".repeat(32)))
                .getMessage()).contains("set it alone");
    }

    @Test
    void trustedProxiesAreACidrListEmptyByDefault() {
        assertThat(ChatConfig.fromEnv(Map.of()).trustedProxies()).isEmpty();
        assertThat(ChatConfig.fromEnv(Map.of("CHAT_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1 ,fd00::/8"))
                .trustedProxies()).containsExactly(AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("127.0.0.1/32"),
                AddressBlock.parse("fd00::/8"));
        assertThat(refused(Map.of("CHAT_TRUSTED_PROXIES", "10.0.0.0/33")).getMessage())
                .contains("CHAT_TRUSTED_PROXIES=10.0.0.0/33").contains("prefix length must be 0 to 32");
        assertThat(refused(Map.of("CHAT_TRUSTED_PROXIES", "proxy.internal")).getMessage())
                .contains("not an IPv4 or IPv6 address");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = refused(Map.of("CHAT_PORT", "x", "CHAT_RETENTION", "P0D", "CHAT_LOG_FORMAT", "xml",
                "CHAT_DB_URL", "jdbc:h2:mem:x"));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).contains("CHAT_PORT=x", "CHAT_RETENTION=P0D", "CHAT_LOG_FORMAT=xml",
                "CHAT_DB_URL=jdbc:h2:mem:x");
    }

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        ChatConfig config = ChatConfig.fromEnv(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.dbUrl()).isNull();
        assertThat(config.usesPostgres()).isFalse();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("chat.db").toAbsolutePath());
        assertThat(config.redisUrl()).isNull();
        assertThat(config.clusterMode()).as("embedded by default").isFalse();
        assertThat(config.jwt().secrets()).as("generated into the data dir").isEmpty();
        assertThat(config.jwt().publicKeys()).isEmpty();
        assertThat(config.keyCacheTtl()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(config.maxBodyBytes()).isEqualTo(65536);
        assertThat(config.tlsCert()).isNull();
        assertThat(config.tlsKey()).isNull();
        assertThat(config.nodeId()).as("host name + port, decided later").isNull();
        assertThat(config.transport().authTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.jsonLogs()).isFalse();
        Limits limits = config.limits();
        assertThat(limits.messages()).isEqualTo(new RateLimit(100, 20, Duration.ofSeconds(1)));
        assertThat(limits.connects()).isEqualTo(new RateLimit(600, 600, Duration.ofMinutes(1)));
        assertThat(limits.http()).isEqualTo(new RateLimit(6000, 6000, Duration.ofMinutes(1)));
        assertThat(limits).isEqualTo(Limits.defaults());
    }

    @Test
    void blankValuesMeanTheDefault() {
        ChatConfig config = ChatConfig.fromEnv(Map.of("CHAT_PORT", "", "CHAT_RETENTION", "  ", "CHAT_DB_URL", ""));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.dbUrl()).isNull();
    }

    @Test
    void goodValuesAreParsed() {
        ChatConfig config = ChatConfig.fromEnv(Map.of(
                "CHAT_PORT", "0",
                "CHAT_DB_URL", "jdbc:postgresql://db:5432/chat",
                "CHAT_RETENTION", "PT1S",
                "CHAT_CLEANUP_INTERVAL", "PT1S",
                "CHAT_LIMIT_MESSAGES", "5,1/m",
                "CHAT_MAX_BODY_BYTES", "1024",
                "CHAT_LOG_FORMAT", "json"));
        assertThat(config.port()).isZero();
        assertThat(config.usesPostgres()).isTrue();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/chat");
        assertThat(config.retention()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.limits().messages()).isEqualTo(new RateLimit(5, 1, Duration.ofMinutes(1)));
        assertThat(config.limits().messages()).hasToString("5,1/m");
        assertThat(config.maxBodyBytes()).isEqualTo(1024);
        assertThat(config.jsonLogs()).isTrue();
    }

    @Test
    void aConfigFileIsReadAndTheEnvironmentOverridesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("chat.properties"), """
                # a comment
                CHAT_PORT=9090
                CHAT_RETENTION=P1D
                CHAT_DATA_DIR=/var/lib/chat
                CHAT_LIMIT_MESSAGES=10,1/s
                """);
        ChatConfig config = ChatConfig.fromFileAndEnv(file, Map.of("CHAT_PORT", "9191", "CHAT_MAX_BODY_BYTES", "2048"));
        assertThat(config.port()).as("the environment wins").isEqualTo(9191);
        assertThat(config.retention()).as("from the file").isEqualTo(Duration.ofDays(1));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/chat"));
        assertThat(config.limits().messages()).isEqualTo(new RateLimit(10, 1, Duration.ofSeconds(1)));
        assertThat(config.maxBodyBytes()).as("only in the environment").isEqualTo(2048);
        assertThat(config.cleanupInterval()).as("in neither: the default").isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aBadValueInTheConfigFileIsNamedLikeAnEnvironmentVariable() throws IOException {
        Path file = Files.writeString(dir.resolve("chat.properties"), "CHAT_CLEANUP_INTERVAL=daily\n");
        assertThatThrownBy(() -> ChatConfig.fromFileAndEnv(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHAT_CLEANUP_INTERVAL=daily");
        Map<String, String> fixing = new HashMap<>();
        fixing.put("CHAT_CLEANUP_INTERVAL", "PT1H");
        assertThat(ChatConfig.fromFileAndEnv(file, fixing).cleanupInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMissingConfigFileIsRefusedNamingIt() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> ChatConfig.fromFileAndEnv(missing, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config").hasMessageContaining(missing.toString());
    }
}
