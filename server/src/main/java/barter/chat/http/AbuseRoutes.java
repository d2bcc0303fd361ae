package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.Blocks;
import barter.chat.abuse.Moderation;
import barter.chat.abuse.RateLimiter;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import barter.chat.store.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user's own blocks ({@code /v1/blocks}) and abuse reports ({@code POST /v1/reports}). */
final class AbuseRoutes {
    private static final int MAX_PAGE = 1000;
    private final Blocks blocks;
    private final Moderation moderation;
    private final RateLimiter limiter;

    AbuseRoutes(Blocks blocks, Moderation moderation, RateLimiter limiter) {
        this.blocks = blocks;
        this.moderation = moderation;
        this.limiter = limiter;
    }

    void block(Context ctx) {
        String me = HttpApi.principal(ctx).userId();
        String other = userIdParam(ctx);
        if (other.equals(me)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "you cannot block yourself");
        }
        blocks.block(me, other);
        ctx.status(204);
    }

    void unblock(Context ctx) {
        blocks.unblock(HttpApi.principal(ctx).userId(), userIdParam(ctx));
        ctx.status(204);
    }

    /**
     * {@code ?limit=} (1-1000, default 1000) users by id, after {@code ?after=}; {@code next} is there when more may
     * follow: pass it as {@code after}.
     */
    void list(Context ctx) {
        int limit = limitParam(ctx);
        String after = ctx.queryParam("after");
        if (after != null && !UserIds.isValid(after)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "'after' must be a user id");
        }
        List<String> page = blocks.blockedPage(HttpApi.principal(ctx).userId(), after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("blocked", page);
        if (page.size() == limit) {
            body.put("next", page.get(page.size() - 1));
        }
        Json.write(ctx, 200, body);
    }

    private static int limitParam(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return MAX_PAGE;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ChatException(ErrorCode.INVALID_REQUEST, "'limit' must be a whole number from 1 to " + MAX_PAGE);
    }

    void report(Context ctx) {
        String me = HttpApi.principal(ctx).userId();
        limiter.check(RateLimiter.Limit.REPORTS, me);
        ObjectNode body = Json.body(ctx);
        String reported = Json.text(body, "reportedUser", true);
        if (!UserIds.isValid(reported)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "'reportedUser' is not a valid user id");
        }
        Report report = moderation.report(me, reported, messageId(body), Json.text(body, "reason", true),
                Json.text(body, "evidence", false), Json.text(body, "frankingKey", false));
        Json.write(ctx, 201, Map.of("id", report.id(), "verified", report.verified(),
                "evidenceVerified", report.evidenceVerified(), "status", report.status()));
    }

    private static Long messageId(ObjectNode body) {
        JsonNode value = body.get("messageId");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "'messageId' must be a positive integer");
        }
        return value.longValue();
    }

    static String userIdParam(Context ctx) {
        String userId = ctx.pathParam("userId");
        if (!UserIds.isValid(userId)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "not a valid user id ([A-Za-z0-9_.-]{1,64})");
        }
        return userId;
    }
}
