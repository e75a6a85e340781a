package io.observability.demo.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A customer of the shop: sends checkouts to checkout-service over real HTTP and remembers every answer, so
 * that the tests can compare what users saw with what the metrics, traces and databases say.
 */
public final class Shop {

    /** The payment-service test cards. */
    public static final String APPROVED = "4242424242424242";
    public static final String DECLINED = "4000000000000002";
    public static final String INSUFFICIENT_FUNDS = "4000000000009995";
    public static final String GATEWAY_ERROR = "4000000000000119";
    public static final List<String> CARDS = List.of(APPROVED, DECLINED, INSUFFICIENT_FUNDS, GATEWAY_ERROR);

    /** The product that runs out (25 units in the seed data). */
    public static final String SCARCE = "LT-007";
    public static final List<String> PLENTIFUL = List.of("KB-001", "MS-002", "MN-003", "HS-004", "CB-005", "DK-006");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String checkoutUrl;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

    Shop(String checkoutUrl) {
        this.checkoutUrl = checkoutUrl;
    }

    public record Line(String sku, int quantity) {
    }

    public record Order(String customerId, List<Line> items, String card) {
        public static Order of(String card, String sku, int quantity) {
            return new Order("customer-" + UUID.randomUUID().toString().substring(0, 8), List.of(new Line(sku, quantity)),
                    card);
        }

        String json() {
            ObjectNode body = JSON.createObjectNode();
            body.put("customerId", customerId);
            var items = body.putArray("items");
            for (Line line : this.items) {
                items.addObject().put("sku", line.sku()).put("quantity", line.quantity());
            }
            body.put("cardNumber", card);
            return body.toString();
        }
    }

    /** What the customer got back: status, problem or order, the trace and request ids, and how long it took. */
    public record Answer(Order order, String idempotencyKey, int status, JsonNode body, Map<String, String> headers,
            long millis, long finishedAtNanos, String error) {

        /** The trace id of the request, from the W3C {@code traceresponse} header. */
        public String traceId() {
            String traceResponse = headers.getOrDefault("traceresponse", "");
            String[] parts = traceResponse.split("-");
            return parts.length == 4 ? parts[1] : "";
        }

        public String serverSpanId() {
            String[] parts = headers.getOrDefault("traceresponse", "").split("-");
            return parts.length == 4 ? parts[2] : "";
        }

        public boolean sampled() {
            return headers.getOrDefault("traceresponse", "").endsWith("-01");
        }

        public String requestId() {
            return headers.getOrDefault("x-request-id", "");
        }

        public String problemType() {
            String type = body == null ? "" : body.path("type").asText("");
            return type.startsWith("urn:problem-type:") ? type.substring("urn:problem-type:".length()) : type;
        }

        public String orderId() {
            return body == null ? "" : body.path("orderId").asText("");
        }

        /**
         * The outcome as checkout_orders_total names it, from what the customer saw ({@code invalid}: a 400, which
         * creates no order and is counted by http_server_requests_seconds_count only); {@code null} for an answer
         * that is no outcome (a replayed key, a transport error).
         */
        public String outcome() {
            return switch (status) {
                case 201 -> "confirmed";
                case 400 -> "invalid";
                case 402 -> "declined";
                case 409 -> problemType().equals("out-of-stock") ? "out_of_stock" : null;
                case 422 -> problemType().equals("unknown-product") ? "unknown_product" : null;
                case 503 -> switch (problemType()) {
                    case "payment-unavailable" -> "payment_unavailable";
                    case "inventory-unavailable" -> "inventory_unavailable";
                    default -> null;
                };
                default -> null;
            };
        }

        /** A 503 the API documents (with a problem body and Retry-After), as opposed to a crash. */
        public boolean isDesigned503() {
            return status == 503 && Set.of("payment-unavailable", "inventory-unavailable").contains(problemType())
                    && headers.containsKey("retry-after")
                    && headers.getOrDefault("content-type", "").startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + (error != null ? error : body) + " in " + millis + " ms (trace " + traceId() + ")";
        }
    }

    public Answer checkout(Order order) {
        return checkout(order, null, Map.of());
    }

    public Answer checkout(Order order, String idempotencyKey, Map<String, String> headers) {
        return post(order.json(), order, idempotencyKey, headers);
    }

    /** Any body, valid or not. */
    public Answer postRaw(String body) {
        return post(body, null, null, Map.of());
    }

    private Answer post(String body, Order order, String idempotencyKey, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(checkoutUrl + "/api/checkout"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        headers.forEach(request::header);
        long start = System.nanoTime();
        Answer answer;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Map<String, String> responseHeaders = new HashMap<>();
            response.headers().map().forEach((name, values) -> responseHeaders.put(name.toLowerCase(), values.get(0)));
            answer = new Answer(order, idempotencyKey, response.statusCode(), parse(response.body()), responseHeaders,
                    millis, System.nanoTime(), null);
        } catch (IOException e) {
            answer = new Answer(order, idempotencyKey, -1, null, Map.of(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), System.nanoTime(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        answers.add(answer);
        return answer;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** Runs {@code count} requests from {@code threads} threads; request i is made by {@code request}. */
    public List<Answer> burst(int count, int threads, IntFunction<Answer> request) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> request.apply(index)));
            }
            List<Answer> results = new ArrayList<>();
            for (Future<Answer> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError("burst failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every answer this customer got since the system started. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Units per sku of the orders customers saw confirmed (201), each order once (a replayed key repeats it). */
    public Map<String, Long> confirmedUnits() {
        Map<String, JsonNode> confirmed = new LinkedHashMap<>();
        for (Answer answer : answers) {
            if (answer.status() == 201) {
                confirmed.putIfAbsent(answer.orderId(), answer.body());
            }
        }
        Map<String, Long> units = new LinkedHashMap<>();
        for (JsonNode order : confirmed.values()) {
            for (JsonNode item : order.path("items")) {
                units.merge(item.path("sku").asText(), item.path("quantity").asLong(), Long::sum);
            }
        }
        return units;
    }
}
