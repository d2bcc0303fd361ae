package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.Blocks;
import barter.chat.abuse.Moderation;
import barter.chat.abuse.RateLimiter;
import barter.chat.auth.Principal;
import barter.chat.config.ChatConfig;
import barter.chat.keys.KeyDirectory;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP and WebSocket surface: routes, authentication, and the one place exceptions become error bodies. */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PRINCIPAL = "chat.principal";
    private static final String WEBSOCKET_PATH = "/v1/ws";

    /** What the routes need. */
    public record Dependencies(SocketServices socket, KeyDirectory keys, Blocks blocks, Moderation moderation,
                               PrometheusMeterRegistry registry, BooleanSupplier ready) {
    }

    private HttpApi() {
    }

    /** Builds the server, not started. */
    public static Javalin create(ChatConfig config, Dependencies deps) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ws-timers").factory());
        ChatSocket socket = new ChatSocket(deps.socket(), config.transport(), new FrameCodec(config.maxBodyBytes()),
                new ConnectionMetrics(deps.registry(), deps.socket().connections(), config.transport().maxConnections()),
                timers);
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.jetty.port = config.port();
            c.events.serverStopped(timers::shutdownNow);
            webSocket(c, config, socket);
            if (config.tlsCert() != null) {
                tls(c, config);
            }
            routes(c, config, deps);
            errors(c);
        });
    }

    /** {@code /v1/ws} on Jetty's WebSocket container (see {@link ChatSocket} for why not Javalin's). */
    private static void webSocket(JavalinConfig c, ChatConfig config, ChatSocket socket) {
        // base64 grows a body by 4/3; the rest of a send frame is small. Larger frames close the socket (1009).
        long hardFrameLimit = (long) config.maxBodyBytes() * 4 / 3 * 2 + 16 * 1024;
        c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
        c.jetty.modifyServletContextHandler(handler -> JettyWebSocketServletContainerInitializer.configure(handler,
                (servletContext, container) -> {
                    container.setMaxTextMessageSize(hardFrameLimit);
                    // a backstop only: the socket's own keepalive closes silent peers first
                    container.setIdleTimeout(config.transport().idleTimeout().multipliedBy(2));
                    container.addMapping(WEBSOCKET_PATH, socket);
                }));
    }

    private static void tls(JavalinConfig c, ChatConfig config) {
        SslContextFactory.Server tls = Tls.contextFactory(config.tlsCert(), config.tlsKey());
        c.jetty.addConnector((server, httpConfig) -> Tls.connector(server, httpConfig, tls, config.port()));
        CertificateReloader reloader = new CertificateReloader(tls, config.tlsCert(), config.tlsKey(),
                Duration.ofSeconds(2));
        c.events.serverStopped(reloader::close);
    }

    private static void routes(JavalinConfig c, ChatConfig config, Dependencies deps) {
        KeyRoutes keys = new KeyRoutes(deps.keys(), deps.socket().limiter(), new KeyLookupTimer(deps.registry()));
        AbuseRoutes abuse = new AbuseRoutes(deps.blocks(), deps.moderation(), deps.socket().limiter());
        AdminRoutes admin = new AdminRoutes(deps.moderation());
        c.routes.before("/v1/*", ctx -> beforeApi(ctx, deps));
        c.routes.put("/v1/keys", keys::publish);
        c.routes.get("/v1/keys/{userId}", keys::lookup);
        c.routes.get("/v1/blocks", abuse::list);
        c.routes.put("/v1/blocks/{userId}", abuse::block);
        c.routes.delete("/v1/blocks/{userId}", abuse::unblock);
        c.routes.post("/v1/reports", abuse::report);
        c.routes.before("/v1/admin/*", admin::requireAdmin);
        c.routes.get("/v1/admin/reports", admin::reports);
        c.routes.post("/v1/admin/reports/{id}/resolve", admin::resolve);
        c.routes.put("/v1/admin/suspensions/{userId}", admin::suspend);
        c.routes.delete("/v1/admin/suspensions/{userId}", admin::unsuspend);
        c.routes.get("/health/live", ctx -> Json.write(ctx, 200, Map.of("status", "up")));
        c.routes.get("/health/ready", ctx -> ready(ctx, deps.ready()));
        c.routes.get("/metrics", ctx -> metrics(ctx, config, deps.registry()));
    }

    /**
     * Every route {@code http} serves, as {@code "GET /v1/keys/{userId}"}, with the WebSocket upgrade; filters
     * (before, after) are not routes. docs/openapi.yaml must list exactly these (a test holds it to that).
     */
    public static List<String> routes(Javalin http) {
        List<String> routes = new ArrayList<>();
        routes.add("GET " + WEBSOCKET_PATH);
        http.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            HandlerType method = parsed.endpoint.method;
            if (method.isHttpMethod()) {
                routes.add(method.name() + " " + parsed.endpoint.path);
            }
        });
        return routes;
    }

    /** The one place exceptions become error bodies. */
    private static void errors(JavalinConfig c) {
        c.routes.exception(ChatException.class, HttpApi::chatError);
        c.routes.exception(HttpResponseException.class, (e, ctx) -> Json.error(ctx, statusCode(e), e.getMessage()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            Json.error(ctx, ErrorCode.INTERNAL, "internal error");
        });
        c.routes.error(404, ctx -> {
            if (ctx.result() == null) {
                Json.error(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
            }
        });
    }

    private static void beforeApi(Context ctx, Dependencies deps) {
        deps.socket().limiter().check(RateLimiter.Limit.HTTP, deps.socket().addresses().limitKey(ctx.req()));
        String header = ctx.header("Authorization");
        if (header == null) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "missing Authorization: Bearer <token>");
        }
        ctx.attribute(PRINCIPAL, deps.socket().tokens().verify(bearer(header)));
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    static String bearer(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "Authorization must be 'Bearer <token>'");
        }
        return header.substring(7).trim();
    }

    private static void chatError(ChatException e, Context ctx) {
        if (e.retryAfterMs() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
        }
        Json.error(ctx, e.code(), e.getMessage());
    }

    /**
     * Javalin's own responses (no route, bad request) get the generic code of their status. Searching all of
     * {@link ErrorCode} would find a domain code first: 404 became {@code unknown_user}, 403 {@code blocked}.
     */
    private static final ErrorCode[] GENERIC = {ErrorCode.INVALID_REQUEST, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN,
        ErrorCode.NOT_FOUND, ErrorCode.TOO_LARGE, ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL};

    private static ErrorCode statusCode(HttpResponseException e) {
        for (ErrorCode code : GENERIC) {
            if (code.httpStatus() == e.getStatus()) {
                return code;
            }
        }
        return e.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
    }

    private static void ready(Context ctx, BooleanSupplier ready) {
        boolean up = ready.getAsBoolean();
        Json.write(ctx, up ? 200 : 503, Map.of("status", up ? "ready" : "unavailable"));
    }

    private static void metrics(Context ctx, ChatConfig config, PrometheusMeterRegistry registry) {
        if (config.metricsToken() != null) {
            String header = ctx.header("Authorization");
            // constant time: a comparison that stops at the first wrong byte tells a guesser how far it got
            if (header == null || !MessageDigest.isEqual(bearer(header).getBytes(StandardCharsets.UTF_8),
                    config.metricsToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ChatException(ErrorCode.UNAUTHORIZED, "the metrics endpoint needs its scrape token");
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }
}
