import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP trace receiver and webhook sink, JDK only: what the services export and what Alertmanager sends,
 * where the real Jaeger and alert sink cannot run.
 * <ul>
 * <li>The benchmark's receiver ({@code bench/run.sh}): takes {@code POST /v1/traces}, answers 200 and keeps
 * nothing. It counts bytes, and spans per {@code service.name} and span name, by walking the protobuf wire format
 * without decoding it (one string per span, no other object), so it costs the shared cores far less than a
 * collector that decodes and stores every span. {@code GET /stats} gives the counts as JSON, {@code POST /reset}
 * zeroes them.</li>
 * <li>Jaeger's and the alert sink's stand-in in the compose stack of CI ({@code deploy/stand-ins/}), with
 * {@code --keep-traces N}: also keeps service, name, span id and parent of the spans of the last N traces,
 * served as JSON by {@code GET /api/traces/<trace id>}; any other {@code POST} (an Alertmanager webhook) is
 * printed as one JSON line on standard output and kept, {@code GET /notifications} lists what was received;
 * {@code GET /status} answers 200 for the healthchecks.</li>
 * </ul>
 * <pre>java Receiver.java [--keep-traces N] [--address 127.0.0.1] PORT...</pre>
 */
public class Receiver {

    private static final Map<String, LongAdder> SPANS = new ConcurrentHashMap<>();
    /** Per service and span name, e.g. {@code checkout-service POST /api/checkout}. */
    private static final Map<String, LongAdder> NAMES = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final HexFormat HEX = HexFormat.of();
    /** Trace id to its spans' JSON objects, oldest trace first; empty unless --keep-traces. */
    private static final LinkedHashMap<String, List<String>> TRACES = new LinkedHashMap<>();
    private static final Deque<String> NOTIFICATIONS = new ArrayDeque<>();
    private static final int KEPT_NOTIFICATIONS = 1000;
    private static int keptTraces;

    public static void main(String[] args) throws IOException {
        String address = "127.0.0.1";
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keep-traces" -> keptTraces = Integer.parseInt(args[++i]);
                case "--address" -> address = args[++i];
                default -> ports.add(Integer.parseInt(args[i]));
            }
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("usage: Receiver [--keep-traces N] [--address A] PORT...");
        }
        for (int port : ports) {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
            server.createContext("/v1/traces", Receiver::traces);
            server.createContext("/stats", exchange -> respond(exchange, 200, "application/json", stats()));
            server.createContext("/reset", exchange -> {
                SPANS.clear();
                NAMES.clear();
                BYTES.set(0);
                REQUESTS.set(0);
                respond(exchange, 200, "application/json", stats());
            });
            server.createContext("/api/traces/", Receiver::trace);
            server.createContext("/", Receiver::other);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            System.out.println("Receiver listening on " + address + ":" + port);
        }
    }

    private static void traces(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        BYTES.addAndGet(body.length);
        REQUESTS.incrementAndGet();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream unzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = unzip.readAllBytes();
            }
        }
        readSpans(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    // ExportTraceServiceRequest { 1: repeated ResourceSpans }
    // ResourceSpans { 1: Resource { 1: repeated KeyValue { 1: key, 2: AnyValue { 1: string } } }, 2: repeated ScopeSpans }
    // ScopeSpans { 2: repeated Span { 1: trace_id, 2: span_id, 4: parent_span_id, 5: name } }
    private static void readSpans(byte[] request) {
        Wire top = new Wire(request, 0, request.length);
        while (top.next()) {
            if (top.field != 1) {
                continue;
            }
            // The resource comes first on the wire, as the OTLP exporters write it; "unknown" otherwise.
            Wire resourceSpans = top.message();
            String service = "unknown";
            while (resourceSpans.next()) {
                if (resourceSpans.field == 1) {
                    service = serviceName(resourceSpans.message(), service);
                } else if (resourceSpans.field == 2) {
                    Wire scopeSpans = resourceSpans.message();
                    while (scopeSpans.next()) {
                        if (scopeSpans.field == 2) {
                            count(SPANS, service);
                            if (keptTraces > 0) {
                                keep(service, scopeSpans.message());
                            } else {
                                count(NAMES, service + " " + spanName(scopeSpans.message()));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static void keep(String service, Wire span) {
        String traceId = "";
        String spanId = "";
        String parentId = "";
        String name = "";
        while (span.next()) {
            switch (span.field) {
                case 1 -> traceId = span.hex();
                case 2 -> spanId = span.hex();
                case 4 -> parentId = span.hex();
                case 5 -> name = span.string();
                default -> {
                }
            }
        }
        count(NAMES, service + " " + name);
        String json = "{\"service\":" + quote(service) + ",\"name\":" + quote(name) + ",\"spanId\":\"" + spanId
                + "\",\"parentSpanId\":\"" + parentId + "\"}";
        synchronized (TRACES) {
            TRACES.computeIfAbsent(traceId, id -> new ArrayList<>()).add(json);
            while (TRACES.size() > keptTraces) {
                TRACES.remove(TRACES.keySet().iterator().next());
            }
        }
    }

    /** GET /api/traces/{trace id}: {"traceId": ..., "spans": [{service, name, spanId, parentSpanId}, ...]}. */
    private static void trace(HttpExchange exchange) throws IOException {
        String traceId = exchange.getRequestURI().getPath().substring("/api/traces/".length());
        List<String> spans;
        synchronized (TRACES) {
            spans = TRACES.containsKey(traceId) ? List.copyOf(TRACES.get(traceId)) : null;
        }
        if (spans == null) {
            respond(exchange, 404, "application/json", "{\"error\":\"trace not found\"}");
        } else {
            respond(exchange, 200, "application/json",
                    "{\"traceId\":\"" + traceId + "\",\"spans\":[" + String.join(",", spans) + "]}");
        }
    }

    /** A webhook (any other POST) is printed and kept; GET /notifications lists them; anything else is a health check. */
    private static void other(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(exchange.getRequestMethod())) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            String line = "{\"path\":" + quote(path) + ",\"body\":" + (body.startsWith("{") ? body : quote(body)) + "}";
            System.out.println(line.replace("\n", " "));
            synchronized (NOTIFICATIONS) {
                NOTIFICATIONS.addLast(line);
                if (NOTIFICATIONS.size() > KEPT_NOTIFICATIONS) {
                    NOTIFICATIONS.removeFirst();
                }
            }
            respond(exchange, 200, "application/json", "{}");
        } else if ("/notifications".equals(path)) {
            synchronized (NOTIFICATIONS) {
                respond(exchange, 200, "application/json", "[" + String.join(",", NOTIFICATIONS) + "]");
            }
        } else {
            respond(exchange, 200, "text/plain", "ok");
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Span { 5: name }. */
    private static String spanName(Wire span) {
        while (span.next()) {
            if (span.field == 5) {
                return span.string();
            }
        }
        return "";
    }

    private static String serviceName(Wire resource, String fallback) {
        while (resource.next()) {
            if (resource.field != 1) {
                continue;
            }
            Wire keyValue = resource.message();
            String key = null;
            String value = null;
            while (keyValue.next()) {
                if (keyValue.field == 1) {
                    key = keyValue.string();
                } else if (keyValue.field == 2) {
                    Wire anyValue = keyValue.message();
                    while (anyValue.next()) {
                        if (anyValue.field == 1) {
                            value = anyValue.string();
                        }
                    }
                }
            }
            if ("service.name".equals(key) && value != null) {
                return value;
            }
        }
        return fallback;
    }

    /** A cursor over the fields of one protobuf message: field number, and where a length-delimited value lies. */
    private static final class Wire {
        private final byte[] bytes;
        private int position;
        private final int end;
        int field;
        private int valueStart;
        private int valueEnd;

        Wire(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean next() {
            if (position >= end) {
                return false;
            }
            long tag = varint();
            field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> {
                    int length = (int) varint();
                    valueStart = position;
                    valueEnd = position + length;
                    position = valueEnd;
                }
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("unsupported wire type in field " + field);
            }
            return true;
        }

        Wire message() {
            return new Wire(bytes, valueStart, valueEnd);
        }

        String string() {
            return new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        }

        String hex() {
            return HEX.formatHex(bytes, valueStart, valueEnd);
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }
    }

    private static String stats() {
        return "{\"spans\":" + json(SPANS) + ",\"names\":" + json(NAMES) + ",\"bytes\":" + BYTES.get()
                + ",\"requests\":" + REQUESTS.get() + "}";
    }

    private static String json(Map<String, LongAdder> counts) {
        return new TreeMap<>(counts).entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + e.getValue().sum())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
