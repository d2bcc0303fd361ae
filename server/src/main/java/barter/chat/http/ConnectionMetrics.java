package barter.chat.http;

import barter.chat.connections.CloseReason;
import barter.chat.connections.ConnectionManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Connection meters: active, the configured cap, opened, closed by reason. */
final class ConnectionMetrics {
    private final MeterRegistry registry;
    private final Counter opened;

    ConnectionMetrics(MeterRegistry registry, ConnectionManager connections, int limit) {
        this.registry = registry;
        this.opened = Counter.builder("chat.connections.opened").register(registry);
        for (CloseReason reason : CloseReason.values()) {
            registry.counter("chat.connections.closed", "reason", reason.metricTag());
        }
        for (String reason : new String[] {"normal", "error", "ping_timeout"}) {
            registry.counter("chat.connections.closed", "reason", reason);
        }
        Gauge.builder("chat.connections.active", connections, ConnectionManager::count).register(registry);
        Gauge.builder("chat.connections.limit", () -> limit).register(registry);
    }

    void opened() {
        opened.increment();
    }

    void closed(String reason) {
        registry.counter("chat.connections.closed", "reason", reason).increment();
    }
}
