package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.Moderation;
import barter.chat.protocol.ErrorCode;
import barter.chat.store.Report;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The moderation API under {@code /v1/admin}: only for tokens with the {@code admin} role. */
final class AdminRoutes {
    private static final List<String> STATUSES = List.of("open", "resolved");

    private final Moderation moderation;

    AdminRoutes(Moderation moderation) {
        this.moderation = moderation;
    }

    /** Runs before every admin route. */
    void requireAdmin(Context ctx) {
        if (!HttpApi.principal(ctx).isAdmin()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "this needs the admin role");
        }
    }

    void reports(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "'status' must be open or resolved");
        }
        String reported = ctx.queryParam("reportedUser");
        int limit = limit(ctx.queryParam("limit"));
        ArrayNode items = Json.MAPPER.createArrayNode();
        moderation.reports(status, reported, limit).forEach(r -> items.add(view(r)));
        Json.write(ctx, 200, Json.MAPPER.createObjectNode().set("reports", items));
    }

    void resolve(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "report id must be a number");
        }
        Json.write(ctx, 200, view(moderation.resolve(id, HttpApi.principal(ctx).userId())));
    }

    void suspend(Context ctx) {
        String userId = AbuseRoutes.userIdParam(ctx);
        String reason = ctx.body().isBlank() ? null : Json.text(Json.body(ctx), "reason", false);
        moderation.suspend(userId, reason, HttpApi.principal(ctx).userId());
        Json.write(ctx, 200, Map.of("userId", userId, "suspended", true));
    }

    void unsuspend(Context ctx) {
        String userId = AbuseRoutes.userIdParam(ctx);
        moderation.unsuspend(userId);
        Json.write(ctx, 200, Map.of("userId", userId, "suspended", false));
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ChatException(ErrorCode.INVALID_REQUEST, "'limit' must be a number from 1 to 1000");
    }

    private static ObjectNode view(Report r) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", r.id()).put("reporter", r.reporter()).put("reportedUser", r.reportedUser())
                .put("verified", r.verified()).put("evidenceVerified", r.evidenceVerified())
                .put("reason", r.reason()).put("status", r.status()).put("createdAt", r.createdAt());
        node.put("messageId", r.messageId());
        node.put("evidence", r.evidence());
        node.put("resolvedAt", r.resolvedAt());
        node.put("resolvedBy", r.resolvedBy());
        return node;
    }
}
