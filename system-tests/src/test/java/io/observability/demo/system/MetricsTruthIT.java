package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metrics truth, as Prometheus scrapes it: after a known workload the request and business counters moved by
 * exactly what the customers saw, and every exemplar trace id in /q/metrics is a trace the receiver got.
 */
@Order(3)
@ExtendWith(SystemExtension.class)
class MetricsTruthIT {

    private static final String CHECKOUT_REQUESTS = "http_server_requests_seconds_count";

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void countersMatchAKnownWorkloadAndExemplarsResolveToTraces() {
        long start = System.nanoTime();
        Metrics checkoutBefore = Metrics.scrape(system.checkout);
        Metrics paymentBefore = Metrics.scrape(system.payment);

        List<Shop.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(system.shop.checkout(Shop.Order.of(Shop.APPROVED, Shop.PLENTIFUL.get(i % 6), 1 + i % 2)));
        }
        for (int i = 0; i < 3; i++) {
            answers.add(system.shop.checkout(Shop.Order.of(Shop.DECLINED, "MS-002", 1)));
        }
        for (int i = 0; i < 2; i++) {
            answers.add(system.shop.checkout(Shop.Order.of(Shop.INSUFFICIENT_FUNDS, "CB-005", 1)));
            answers.add(system.shop.checkout(Shop.Order.of(Shop.GATEWAY_ERROR, "KB-001", 1)));
            answers.add(system.shop.checkout(Shop.Order.of(Shop.APPROVED, Shop.SCARCE, 100)));
            answers.add(system.shop.checkout(Shop.Order.of(Shop.APPROVED, "UNKNOWN-" + i, 1)));
        }
        answers.add(system.shop.checkout(Shop.Order.of("1234", "KB-001", 1)));
        answers.add(system.shop.postRaw("{\"customerId\":\"c\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":0}],"
                + "\"cardNumber\":\"" + Shop.APPROVED + "\"}"));
        // The same Idempotency-Key twice: two requests, one order, counted once.
        String key = "metrics-" + UUID.randomUUID();
        Shop.Order once = Shop.Order.of(Shop.APPROVED, "HS-004", 1);
        Shop.Answer first = system.shop.checkout(once, key, Map.of());
        Shop.Answer replay = system.shop.checkout(once, key, Map.of());
        answers.add(first);
        answers.add(replay);
        assertEquals(201, replay.status(), replay.toString());
        assertEquals(first.orderId(), replay.orderId(), "the replay answers the first order");

        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byOutcome = new TreeMap<>();
        for (Shop.Answer answer : answers) {
            byStatus.merge(String.valueOf(answer.status()), 1, Integer::sum);
            if (answer != replay) {
                byOutcome.merge(Objects.requireNonNull(answer.outcome(), answer.toString()), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("confirmed", 9, "declined", 5, "payment_unavailable", 2, "out_of_stock", 2,
                "unknown_product", 2, "invalid", 2), byOutcome, "the outcomes customers saw");

        // Micrometer records a request when its response is complete: give the last one a moment.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(answers.size(),
                delta(Metrics.scrape(system.checkout), checkoutBefore, CHECKOUT_REQUESTS, checkoutRequests()),
                "http_server_requests_seconds_count{uri=\"/api/checkout\"} moved by as many as the requests sent"));
        Metrics checkoutAfter = Metrics.scrape(system.checkout);
        for (var status : byStatus.entrySet()) {
            assertEquals(status.getValue(), delta(checkoutAfter, checkoutBefore, CHECKOUT_REQUESTS,
                    sample -> checkoutRequests().test(sample) && sample.has("status", status.getKey())),
                    "requests with status " + status.getKey());
        }
        // An invalid request creates no order: only the status 400 above counts it.
        for (String outcome : List.of("confirmed", "declined", "out_of_stock", "unknown_product", "payment_unavailable",
                "inventory_unavailable")) {
            assertEquals(byOutcome.getOrDefault(outcome, 0), delta(checkoutAfter, checkoutBefore, "checkout_orders_total",
                    sample -> sample.has("outcome", outcome)), "checkout_orders_total{outcome=\"" + outcome + "\"}");
        }
        assertEquals(1, delta(checkoutAfter, checkoutBefore, "checkout_idempotent_replays_total", sample -> true));

        // payment-service counts each decision once per order, and each failed gateway attempt (3 per checkout).
        Metrics paymentAfter = Metrics.scrape(system.payment);
        Map<String, Integer> expectedPayments = Map.of("authorized/none", 9, "declined/card_declined", 3,
                "declined/insufficient_funds", 2, "failed/gateway_error", 2 * 3);
        Map<String, Integer> paymentDeltas = new LinkedHashMap<>();
        for (var expected : expectedPayments.entrySet()) {
            String[] labels = expected.getKey().split("/");
            int moved = delta(paymentAfter, paymentBefore, "payment_authorizations_total",
                    sample -> sample.has("result", labels[0]) && sample.has("reason", labels[1]));
            paymentDeltas.put(expected.getKey(), moved);
        }
        assertEquals(expectedPayments, paymentDeltas, "payment_authorizations_total{result/reason} moved by");

        // Exemplars: a latency bucket or a counter links to a trace the receiver got, and to a span of it.
        int exemplars = 0;
        for (ServiceProcess service : system.services()) {
            Metrics metrics = Metrics.scrape(service);
            List<Metrics.Sample> withExemplars = metrics.withExemplars();
            assertFalse(withExemplars.isEmpty(), service.name() + " exposes exemplars");
            for (Metrics.Sample sample : withExemplars) {
                assertTrue(sample.name().matches(".+_(bucket|count|total)"),
                        "exemplars sit on histogram buckets and counts, and on counters: " + sample);
                String traceId = sample.exemplar().get("trace_id");
                String spanId = sample.exemplar().get("span_id");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(system.traces().trace(traceId)
                        .stream().anyMatch(span -> span.spanId().equals(spanId) && span.service().equals(service.name())),
                        () -> "exemplar of " + sample + " on " + service.name() + " resolves to a received span "
                                + "(trace has " + system.traces().trace(traceId).size() + " spans)"));
                exemplars++;
            }
        }
        assertTrue(checkoutAfter.find("http_server_requests_seconds_bucket", sample -> checkoutRequests().test(sample))
                .stream().anyMatch(sample -> !sample.exemplar().isEmpty()), "checkout latency buckets carry exemplars");

        Report.scenario("metrics truth", start, Report.of("requests", answers.size(), "statuses", byStatus,
                "outcomes", byOutcome, "exemplars resolved", exemplars));
    }

    private static java.util.function.Predicate<Metrics.Sample> checkoutRequests() {
        return sample -> sample.has("uri", "/api/checkout") && sample.has("method", "POST");
    }

    private static int delta(Metrics after, Metrics before, String name, java.util.function.Predicate<Metrics.Sample> filter) {
        return (int) Math.round(after.sum(name, filter) - before.sum(name, filter));
    }
}
