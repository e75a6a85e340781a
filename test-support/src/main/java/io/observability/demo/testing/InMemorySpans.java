package io.observability.demo.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Collects the spans a service exports during tests. Spans of an earlier test can arrive late, so tests send
 * their own {@code traceparent} and read only the spans of that trace.
 */
@Singleton
public class InMemorySpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return exporter;
    }

    /** The spans of one trace once at least {@code count} of them match, waiting for the batch processor. */
    public List<SpanData> awaitTrace(String traceId, int count, Predicate<SpanData> filter) {
        return await(count + " matching spans in trace " + traceId)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> trace(traceId), spans -> spans.stream().filter(filter).count() >= count);
    }

    public List<SpanData> trace(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
