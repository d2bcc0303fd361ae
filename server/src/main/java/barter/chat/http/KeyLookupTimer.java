package barter.chat.http;

import barter.chat.keys.KeyLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Server-side time of {@code GET /v1/keys/{userId}} by where the keys came from ({@code chat_keys_lookup_seconds}). */
final class KeyLookupTimer {
    static final String NAME = "chat.keys.lookup";

    private final Map<KeyLookup.Source, Timer> timers = new EnumMap<>(KeyLookup.Source.class);

    KeyLookupTimer(MeterRegistry registry) {
        for (KeyLookup.Source source : KeyLookup.Source.values()) {
            timers.put(source, Timer.builder(NAME)
                    .description("GET /v1/keys/{userId} from the request's arrival to the response handed to Javalin")
                    .tag("source", source.metricTag())
                    // buckets so Prometheus (and the bench, from two scrapes) can compute p99 for any window; no
                    // client-side percentiles: Micrometer's Prometheus registry drops them when buckets are published
                    .publishPercentileHistogram()
                    // a cache hit takes a few microseconds here: with a 10 us floor its p50 was only "under 10 us"
                    .minimumExpectedValue(Duration.ofNanos(1_000))
                    .maximumExpectedValue(Duration.ofSeconds(1))
                    // an exact bucket at the aim (issue 7: p99 under 1 ms for a cached key), not one 5% beside it
                    .serviceLevelObjectives(Duration.ofMillis(1))
                    .register(registry));
        }
    }

    void record(KeyLookup.Source source, long nanos) {
        timers.get(source).record(nanos, TimeUnit.NANOSECONDS);
    }
}
