package barter.chat.abuse;

import barter.chat.ChatException;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.Franking;
import barter.chat.store.SentMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import barter.chat.store.MessageDao;
import barter.chat.store.Report;
import barter.chat.store.ReportDao;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class StoredModeration implements Moderation {
    private static final Logger log = LoggerFactory.getLogger(StoredModeration.class);

    private final ReportDao reports;
    private final MessageDao messages;
    private final FrankingTags tags;
    private final Clock clock;
    private final Consumer<String> suspended;
    // checked on every authentication; a short TTL bounds how long another node may miss a suspension
    private final LoadingCache<String, Boolean> suspensions;

    StoredModeration(ReportDao reports, MessageDao messages, FrankingTags tags, Clock clock,
                     Consumer<String> suspended) {
        this.reports = reports;
        this.messages = messages;
        this.tags = tags;
        this.clock = clock;
        this.suspended = suspended;
        this.suspensions = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(30))
                .build(reports::isSuspended);
    }

    @Override
    public Report report(String reporter, String reportedUser, Long messageId, String reason, String evidence,
                         String frankingKey) {
        if (reporter.equals(reportedUser)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "you cannot report yourself");
        }
        if (!REASONS.contains(reason)) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "'reason' must be one of " + String.join(", ", REASONS));
        }
        byte[] key = frankingKey == null ? null : frankingKey(frankingKey, messageId, evidence);
        int maxEvidence = key == null ? MAX_EVIDENCE : MAX_FRANKED_EVIDENCE;
        if (evidence != null && evidence.length() > maxEvidence) {
            throw new ChatException(ErrorCode.TOO_LARGE, "'evidence' is limited to " + maxEvidence + " characters");
        }
        Optional<SentMessage> relayed = messageId == null ? Optional.empty() : messages.findSent(messageId)
                .filter(m -> m.relayed() && m.sender().equals(reportedUser) && m.recipient().equals(reporter));
        boolean evidenceVerified = key != null && relayed.filter(m -> tags.matches(m) && Franking.opens(
                Base64.getDecoder().decode(m.commitment()), key, evidence.getBytes(StandardCharsets.UTF_8))).isPresent();
        boolean verified = relayed.isPresent() && (key == null || evidenceVerified);
        Report report = reports.create(reporter, reportedUser, messageId, verified, evidenceVerified, reason, evidence,
                clock.millis());
        log.info("report {} by {} against {} ({}, verified={}, franked={}, evidenceVerified={})", report.id(),
                reporter, reportedUser, reason, verified, key != null, evidenceVerified);
        return report;
    }

    /** A franked report names its message and quotes it; the key is base64 of {@link Franking#KEY_BYTES} bytes. */
    private static byte[] frankingKey(String base64, Long messageId, String evidence) {
        if (messageId == null || evidence == null) {
            throw new ChatException(ErrorCode.INVALID_REQUEST,
                    "a report with 'frankingKey' must name its 'messageId' and quote it in 'evidence'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != Franking.KEY_BYTES) {
            throw new ChatException(ErrorCode.INVALID_REQUEST,
                    "'frankingKey' must be standard base64 of " + Franking.KEY_BYTES + " bytes");
        }
        return key;
    }

    @Override
    public List<Report> reports(String status, String reportedUser, int limit) {
        return reports.list(status, reportedUser, limit);
    }

    @Override
    public Report resolve(long reportId, String admin) {
        return reports.resolve(reportId, admin, clock.millis())
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no report " + reportId));
    }

    @Override
    public void suspend(String userId, String reason, String admin) {
        reports.suspend(userId, reason, admin, clock.millis());
        suspensions.put(userId, true);
        log.info("{} suspended by {}", userId, admin);
        suspended.accept(userId);
    }

    @Override
    public void unsuspend(String userId) {
        reports.unsuspend(userId);
        suspensions.put(userId, false);
        log.info("{} unsuspended", userId);
    }

    @Override
    public void forgetSuspension(String userId) {
        suspensions.invalidate(userId);
    }

    @Override
    public boolean isSuspended(String userId) {
        return suspensions.get(userId);
    }
}
