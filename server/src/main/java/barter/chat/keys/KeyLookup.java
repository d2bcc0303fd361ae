package barter.chat.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@link KeyDirectory#lookup} answered and where the answer came from, so the HTTP layer can time cache hits
 * apart from database reads without asking the cache twice.
 */
public record KeyLookup(Optional<PublicKeys> keys, Source source) {

    /**
     * {@link #CACHE} (this node's memory), {@link #SHARED} (the cluster's Redis tier) and {@link #DB} found keys;
     * {@link #MISSING} means the user has published none.
     */
    public enum Source {
        CACHE, SHARED, DB, MISSING;

        /** The metric tag value: {@code cache}, {@code shared}, {@code db}, {@code missing}. */
        public String metricTag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KeyLookup {
        if (keys.isPresent() == (source == Source.MISSING)) {
            throw new IllegalArgumentException("source " + source + " with keys " + (keys.isPresent() ? "present" : "absent"));
        }
    }
}
