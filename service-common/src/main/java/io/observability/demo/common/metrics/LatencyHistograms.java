package io.observability.demo.common.metrics;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Turns the HTTP server and client timers into histograms with a few fixed buckets. By default they are
 * summaries, which cannot be aggregated across instances and carry no bucket exemplars. The buckets include
 * the latency SLO threshold (500 ms), so "share of requests under 500 ms" is an exact bucket ratio.
 */
@Singleton
public class LatencyHistograms implements MeterFilter {

    /** Shared with the business timers, so every latency panel reads the same boundaries. */
    public static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private static final double[] BUCKETS_NANOS = Stream.of(BUCKETS).mapToDouble(Duration::toNanos).toArray();

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        String name = id.getName();
        if (name.equals("http.server.requests") || name.equals("http.client.requests")) {
            return DistributionStatisticConfig.builder()
                    .percentilesHistogram(false)
                    .serviceLevelObjectives(BUCKETS_NANOS)
                    .build()
                    .merge(config);
        }
        return config;
    }
}
