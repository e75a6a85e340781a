package io.observability.demo.common.tracing;

import java.util.List;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The sampler of every service: the traces of requests, at the configured ratio, and no spans that tell the
 * reader nothing:
 * <ul>
 * <li>{@code DataSource.getConnection}, which the JDBC instrumentation of Quarkus 3.33 makes for every
 * transaction (a pool hands out a connection in microseconds; six per checkout). Quarkus has no switch for it
 * before quarkusio/quarkus#53596, which stops making it by default;</li>
 * <li>database statements outside any trace: Flyway's at startup and the scheduled jobs' (stock gauges every
 * 5 seconds, reservation expiry, release retry). Each would be a one-span trace of its own in Jaeger, dozens a
 * minute, burying the requests; those jobs log what they change.</li>
 * </ul>
 * Everything else is parent-based with a trace-id ratio, {@code quarkus.otel.traces.sampler.arg} (1.0 samples
 * every request; a deployment lowers it at run time with {@code QUARKUS_OTEL_TRACES_SAMPLER_ARG=0.1}). Quarkus uses
 * a {@link Sampler} bean in place of the configured sampler type.
 */
@Singleton
public class RequestTracesSampler implements Sampler {

    static final String CONNECTION_SPAN = "DataSource.getConnection";
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

    private final Sampler requests;

    RequestTracesSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        this.requests = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.INTERNAL && CONNECTION_SPAN.equals(name)
                || spanKind == SpanKind.CLIENT && attributes.get(DB_SYSTEM) != null
                        && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return requests.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "RequestTracesSampler{" + requests.getDescription() + "}";
    }
}
