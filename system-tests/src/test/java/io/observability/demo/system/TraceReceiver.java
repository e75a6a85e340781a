package io.observability.demo.system;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.awaitility.core.ConditionTimeoutException;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver, the test's own Jaeger: {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest} (gzip or not), decoded with the generated opentelemetry-proto classes and
 * kept in memory, indexed by trace id.
 */
public final class TraceReceiver implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EMPTY_RESPONSE = ExportTraceServiceResponse.getDefaultInstance().toByteArray();

    private final HttpServer server;
    private final Map<String, List<ReceivedSpan>> traces = new ConcurrentHashMap<>();
    private final List<ReceivedSpan> all = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public TraceReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/v1/traces", this::handleTraces);
        // Only traces are exported by the services; anything else is acknowledged and ignored.
        server.createContext("/", exchange -> respond(exchange, 200, new byte[0]));
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "otlp-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handleTraces(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, new byte[0]);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            InputStream in = new ByteArrayInputStream(body);
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(in);
            } catch (IOException e) {
                rejected.incrementAndGet();
                respond(exchange, 400, new byte[0]);
                return;
            }
            requests.incrementAndGet();
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
                String service = resource.getOrDefault("service.name", "?");
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        store(decode(service, resource, span));
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            respond(exchange, 200, EMPTY_RESPONSE);
        }
    }

    private void store(ReceivedSpan span) {
        traces.computeIfAbsent(span.traceId(), id -> new CopyOnWriteArrayList<>()).add(span);
        all.add(span);
    }

    private static ReceivedSpan decode(String service, Map<String, String> resource, Span span) {
        List<ReceivedSpan.Event> events = span.getEventsList().stream()
                .map(event -> new ReceivedSpan.Event(event.getName(), attributes(event.getAttributesList())))
                .toList();
        return new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
                span.getName(), kind(span.getKind()), status(span.getStatus().getCode()), span.getStatus().getMessage(),
                attributes(span.getAttributesList()), events, resource, span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano());
    }

    private static ReceivedSpan.Kind kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> ReceivedSpan.Kind.INTERNAL;
            case SPAN_KIND_SERVER -> ReceivedSpan.Kind.SERVER;
            case SPAN_KIND_CLIENT -> ReceivedSpan.Kind.CLIENT;
            case SPAN_KIND_PRODUCER -> ReceivedSpan.Kind.PRODUCER;
            case SPAN_KIND_CONSUMER -> ReceivedSpan.Kind.CONSUMER;
            default -> ReceivedSpan.Kind.UNSPECIFIED;
        };
    }

    private static ReceivedSpan.Status status(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> ReceivedSpan.Status.OK;
            case STATUS_CODE_ERROR -> ReceivedSpan.Status.ERROR;
            default -> ReceivedSpan.Status.UNSET;
        };
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            map.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case BYTES_VALUE -> hex(value.getBytesValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(TraceReceiver::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList()).toString();
            default -> "";
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** The spans of one trace received so far. */
    public List<ReceivedSpan> trace(String traceId) {
        return List.copyOf(traces.getOrDefault(traceId, List.of()));
    }

    public boolean hasTrace(String traceId) {
        return traces.containsKey(traceId);
    }

    public List<ReceivedSpan> allSpans() {
        return List.copyOf(all);
    }

    public long exportRequests() {
        return requests.get();
    }

    public long rejectedRequests() {
        return rejected.get();
    }

    /**
     * Waits until the trace has its root, no span whose parent is missing, satisfies {@code complete}, and has
     * not grown for a moment (the services export in batches, each on its own schedule).
     */
    public Trace awaitTrace(String traceId, Predicate<Trace> complete, Duration timeout) {
        AtomicReference<Trace> last = new AtomicReference<>(new Trace(traceId, List.of()));
        try {
            // during: the condition, which includes "no span since the previous poll", holds for 400 ms on end.
            return await().atMost(timeout).pollInterval(Duration.ofMillis(50)).during(Duration.ofMillis(400))
                    .until(() -> new Trace(traceId, trace(traceId)), trace -> {
                        boolean grew = last.getAndSet(trace).spans().size() != trace.spans().size();
                        return !grew && trace.roots().size() == 1 && trace.orphans().isEmpty() && complete.test(trace);
                    });
        } catch (ConditionTimeoutException e) {
            return last.get(); // the callers' assertions show what did arrive
        }
    }

    public Trace awaitTrace(String traceId) {
        return awaitTrace(traceId, trace -> true, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The spans of one trace, with the navigation a trace view offers. */
    public record Trace(String traceId, List<ReceivedSpan> spans) {

        public List<ReceivedSpan> roots() {
            return spans.stream().filter(ReceivedSpan::isRoot).toList();
        }

        public ReceivedSpan root() {
            List<ReceivedSpan> roots = roots();
            if (roots.size() != 1) {
                throw new AssertionError("expected one root span in trace " + traceId + ", found " + roots
                        + "\n" + render());
            }
            return roots.get(0);
        }

        /** Spans whose parent is not in the trace: a broken trace in Jaeger ("invalid parent span id"). */
        public List<ReceivedSpan> orphans() {
            var ids = spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            return spans.stream().filter(span -> !span.isRoot() && !ids.contains(span.parentSpanId())).toList();
        }

        public ReceivedSpan parent(ReceivedSpan span) {
            return spans.stream().filter(candidate -> candidate.spanId().equals(span.parentSpanId())).findFirst()
                    .orElse(null);
        }

        public List<ReceivedSpan> children(ReceivedSpan span) {
            return spans.stream().filter(candidate -> candidate.parentSpanId().equals(span.spanId()))
                    .sorted((a, b) -> Long.compare(a.startNanos(), b.startNanos())).toList();
        }

        public List<ReceivedSpan> find(Predicate<ReceivedSpan> filter) {
            return spans.stream().filter(filter).sorted((a, b) -> Long.compare(a.startNanos(), b.startNanos()))
                    .toList();
        }

        public ReceivedSpan only(Predicate<ReceivedSpan> filter, String what) {
            List<ReceivedSpan> found = find(filter);
            if (found.size() != 1) {
                throw new AssertionError("expected exactly one " + what + " in trace " + traceId + ", found "
                        + found.size() + "\n" + render());
            }
            return found.get(0);
        }

        /** The nearest SERVER span above this one (itself if it is one). */
        public ReceivedSpan serverAncestor(ReceivedSpan span) {
            ReceivedSpan current = span;
            while (current != null && current.kind() != ReceivedSpan.Kind.SERVER) {
                current = parent(current);
            }
            return current;
        }

        public boolean isDescendant(ReceivedSpan span, ReceivedSpan ancestor) {
            for (ReceivedSpan current = parent(span); current != null; current = parent(current)) {
                if (current.spanId().equals(ancestor.spanId())) {
                    return true;
                }
            }
            return false;
        }

        /** An indented tree, as a trace view shows it: the message of every failed trace assertion. */
        public String render() {
            StringBuilder out = new StringBuilder("trace " + traceId + " (" + spans.size() + " spans)\n");
            List<ReceivedSpan> tops = new ArrayList<>(roots());
            tops.addAll(orphans());
            for (ReceivedSpan top : tops) {
                render(top, 1, out);
            }
            return out.toString();
        }

        private void render(ReceivedSpan span, int depth, StringBuilder out) {
            out.append("  ".repeat(depth)).append(span);
            span.events().stream().filter(event -> event.name().equals("exception")).forEach(event -> {
                String message = event.attributes().getOrDefault("exception.message", "");
                out.append(" [exception ").append(event.attributes().getOrDefault("exception.type", "?")).append(": ")
                        .append(message.length() > 140 ? message.substring(0, 140) + "..." : message).append(']');
            });
            out.append('\n');
            for (ReceivedSpan child : children(span)) {
                render(child, depth + 1, out);
            }
        }
    }
}
