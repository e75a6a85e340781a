import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;

/**
 * The benchmark's OTLP/HTTP trace sink: accepts what the services export, counts spans per service and bytes,
 * and keeps nothing else. {@code GET /stats} gives the counts as JSON, {@code POST /reset} zeroes them.
 * Run: java -cp <opentelemetry-proto and protobuf-java jars> bench/OtlpSink.java <port>
 */
public class OtlpSink {

    private static final Map<String, LongAdder> SPANS = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.createContext("/v1/traces", OtlpSink::traces);
        server.createContext("/stats", exchange -> respond(exchange, 200, "application/json", stats()));
        server.createContext("/reset", exchange -> {
            SPANS.clear();
            BYTES.set(0);
            REQUESTS.set(0);
            respond(exchange, 200, "application/json", stats());
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
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
        InputStream payload = new java.io.ByteArrayInputStream(body);
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            payload = new GZIPInputStream(payload);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(payload);
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(attribute -> attribute.getValue().getStringValue())
                    .findFirst().orElse("unknown");
            long spans = resource.getScopeSpansList().stream().mapToLong(scope -> scope.getSpansCount()).sum();
            SPANS.computeIfAbsent(service, s -> new LongAdder()).add(spans);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    private static String stats() {
        String spans = new TreeMap<>(SPANS).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue().sum())
                .collect(Collectors.joining(","));
        return "{\"spans\":{" + spans + "},\"bytes\":" + BYTES.get() + ",\"requests\":" + REQUESTS.get() + "}";
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
