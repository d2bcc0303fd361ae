package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.RateLimiter;
import barter.chat.keys.KeyDirectory;
import barter.chat.keys.KeyLookup;
import barter.chat.keys.PublicKeys;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Base64;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** {@code PUT /v1/keys} (own keys only) and {@code GET /v1/keys/{userId}}. */
final class KeyRoutes {
    private final KeyDirectory directory;
    private final RateLimiter limiter;
    private final KeyLookupTimer timer;

    KeyRoutes(KeyDirectory directory, RateLimiter limiter, KeyLookupTimer timer) {
        this.directory = directory;
        this.limiter = limiter;
        this.timer = timer;
    }

    void publish(Context ctx) {
        String userId = HttpApi.principal(ctx).userId();
        limiter.check(RateLimiter.Limit.KEYS, userId);
        ObjectNode body = Json.body(ctx);
        PublicKeys keys = directory.publish(userId,
                Json.base64(body, "agreementKey", ErrorCode.INVALID_KEYS),
                Json.base64(body, "signingKey", ErrorCode.INVALID_KEYS),
                Json.base64(body, "signature", ErrorCode.INVALID_KEYS));
        Json.write(ctx, 200, view(userId, keys));
    }

    /**
     * Timed from the request's arrival (Jetty's begin time, so parsing, authentication and the rate limit count) to
     * the serialised body handed to Javalin, which copies it to Jetty after we return. An unknown user is recorded
     * before the error mapper writes its body; an invalid id never reaches the directory and is not timed.
     */
    void lookup(Context ctx) {
        long start = arrival(ctx);
        String userId = ctx.pathParam("userId");
        if (!UserIds.isValid(userId)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "not a valid user id ([A-Za-z0-9_.-]{1,64})");
        }
        KeyLookup found = directory.lookup(userId);
        try {
            PublicKeys keys = found.keys().orElseThrow(() ->
                    new ChatException(ErrorCode.UNKNOWN_USER, "'" + userId + "' has published no keys"));
            Json.write(ctx, 200, view(userId, keys));
        } finally {
            timer.record(found.source(), System.nanoTime() - start);
        }
    }

    private static long arrival(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? System.nanoTime() : request.getBeginNanoTime();
    }

    private static ObjectNode view(String userId, PublicKeys keys) {
        Base64.Encoder b64 = Base64.getEncoder();
        return Json.MAPPER.createObjectNode()
                .put("userId", userId)
                .put("agreementKey", b64.encodeToString(keys.agreementKey()))
                .put("signingKey", b64.encodeToString(keys.signingKey()))
                .put("signature", b64.encodeToString(keys.signature()))
                .put("updatedAt", keys.updatedAt());
    }
}
