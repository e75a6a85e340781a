import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * The benchmark's OTLP/HTTP trace receiver: takes what the services export, answers 200, keeps nothing. It
 * counts bytes, and spans per {@code service.name} and span name, by walking the protobuf wire format without
 * decoding it (one string per span, no other object), so it costs the shared cores far less than a collector
 * that decodes and stores every span. {@code GET /stats} gives the counts as JSON, {@code POST /reset} zeroes them.
 * <pre>java bench/OtlpSink.java 14318</pre>
 */
public class OtlpSink {

    private static final Map<String, LongAdder> SPANS = new ConcurrentHashMap<>();
    /** Per service and span name, e.g. {@code checkout-service POST /api/checkout}. */
    private static final Map<String, LongAdder> NAMES = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.createContext("/v1/traces", OtlpSink::traces);
        server.createContext("/stats", exchange -> respond(exchange, "application/json", stats()));
        server.createContext("/reset", exchange -> {
            SPANS.clear();
            NAMES.clear();
            BYTES.set(0);
            REQUESTS.set(0);
            respond(exchange, "application/json", stats());
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("OTLP sink listening on 127.0.0.1:" + args[0]);
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
        countSpans(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    // ExportTraceServiceRequest { 1: repeated ResourceSpans }
    // ResourceSpans { 1: Resource { 1: repeated KeyValue { 1: key, 2: AnyValue { 1: string } } }, 2: repeated ScopeSpans }
    // ScopeSpans { 2: repeated Span { 5: name } }
    private static void countSpans(byte[] request) {
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
                            count(NAMES, service + " " + spanName(scopeSpans.message()));
                        }
                    }
                }
            }
        }
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
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
                .map(e -> "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\":" + e.getValue().sum())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
