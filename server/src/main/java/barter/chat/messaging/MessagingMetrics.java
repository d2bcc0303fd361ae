package barter.chat.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The messaging meters (names in docs/reference/metrics.md). The registry is passed in; nothing is global. */
public final class MessagingMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(1)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter accepted;
    private final Counter delivered;
    private final Counter acked;
    private final Counter expired;
    private final Timer deliveryLatency;
    private final Timer ackLatency;
    private final DistributionSummary batchSize;

    public MessagingMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.accepted = event("accepted");
        this.delivered = event("delivered");
        this.acked = event("acked");
        this.expired = event("expired");
        this.deliveryLatency = latency("chat.messaging.delivery.latency", "accepted -> written to the recipient socket");
        this.ackLatency = latency("chat.messaging.ack.latency", "accepted -> acknowledged by the recipient");
        this.batchSize = DistributionSummary.builder("chat.messaging.commit.batch")
                .description("writes per group commit").register(registry);
        // every label value exists from the start, so increase() sees the first rejection
        for (String reason : new String[] {"invalid_frame", "too_large", "rate_limited", "unknown_user", "blocked",
            "unauthorized", "unavailable"}) {
            registry.counter("chat.messaging.rejected", "reason", reason);
        }
    }

    private Counter event(String event) {
        return Counter.builder("chat.messaging.messages").tag("event", event).register(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /** The oldest stored message's age; {@code oldest} is queried at most once per scrape. */
    public void trackOldest(Supplier<OptionalLong> oldest) {
        Gauge.builder("chat.messaging.queue.oldest.age", () -> {
            OptionalLong at = oldest.get();
            return at.isPresent() ? Math.max(0, clock.millis() - at.getAsLong()) / 1000.0 : 0.0;
        }).baseUnit("seconds").description("age of the oldest stored message").register(registry);
    }

    /**
     * Stored messages not yet acknowledged, counted in the store at each scrape. Every node of a cluster reads the
     * same table, so every node reports the same cluster-wide number (a count kept per node from its own accepts
     * and acks drifted apart between nodes). {@code count} is queried at most once per scrape.
     */
    public void trackStored(LongSupplier count) {
        Gauge.builder("chat.messaging.queue.size", count::getAsLong)
                .description("stored messages not yet acknowledged, in the whole store").register(registry);
    }

    public void rejected(String reason) {
        registry.counter("chat.messaging.rejected", "reason", reason).increment();
    }

    void accepted() {
        accepted.increment();
    }

    /**
     * Called by the socket writer after a message frame reached the socket. Latency is recorded for live deliveries
     * only: a backlog message waited for its recipient to come online, which is not delivery latency.
     */
    public void delivered(long acceptedAtMillis, boolean live) {
        delivered.increment();
        if (live) {
            deliveryLatency.record(Math.max(0, clock.millis() - acceptedAtMillis), TimeUnit.MILLISECONDS);
        }
    }

    void acked(long acceptedAtMillis) {
        acked.increment();
        ackLatency.record(Math.max(0, clock.millis() - acceptedAtMillis), TimeUnit.MILLISECONDS);
    }

    void expired(int count) {
        expired.increment(count);
    }

    void committed(int writes) {
        batchSize.record(writes);
    }
}
