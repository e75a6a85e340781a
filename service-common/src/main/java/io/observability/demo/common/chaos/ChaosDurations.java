package io.observability.demo.common.chaos;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.DurationConverter;

/** The duration forms chaos settings accept, in config and over HTTP: {@code "800ms"}, {@code "2s"}, {@code "PT0.8S"}. */
public final class ChaosDurations {

    private ChaosDurations() {
    }

    /** The same parser as Quarkus configuration, so {@code PUT /q/chaos} accepts what a property accepts. */
    public static Optional<Duration> parse(String text) {
        try {
            return Optional.ofNullable(DurationConverter.parseDuration(text.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code "800ms"}: what GET shows and what PUT accepts back. */
    public static String format(Duration duration) {
        return duration.toMillis() + "ms";
    }

    public static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    public static boolean isWithin(Duration duration, Duration max) {
        return duration != null && !duration.isNegative() && duration.compareTo(max) <= 0;
    }

    /** The rule a 400 answer and a failed check state, e.g. {@code must be a duration between 0ms and 30s, ...}. */
    public static String rule(Duration max) {
        return "must be a duration between 0ms and " + max.toSeconds() + "s, such as \"800ms\", \"2s\" or \"PT0.8S\"";
    }

    /** For the constructor of a {@link ChaosValues} record. */
    public static Duration requireWithin(String name, Duration duration, Duration max) {
        if (!isWithin(duration, max)) {
            throw new IllegalArgumentException(name + " " + rule(max));
        }
        return duration;
    }
}
