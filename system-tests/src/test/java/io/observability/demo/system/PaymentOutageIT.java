package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.observability.demo.system.ReceivedSpan.Kind;
import io.observability.demo.system.ReceivedSpan.Status;
import io.observability.demo.system.TraceReceiver.Trace;

/**
 * payment-service stopped mid-run: checkout answers 503 problems quickly (each attempt refused at once, then the
 * circuit breaker answers without calling), gives every reservation back, stays live; once payment-service is
 * back, checkouts succeed again within a bounded time.
 */
@Order(5)
@ExtendWith(SystemExtension.class)
class PaymentOutageIT {

    static final int DURING_OUTAGE = 30;
    /** Three refused attempts with 200±100 ms backoff, on a busy machine. */
    static final long MAX_ANSWER_MS = 2500;
    /** Payment's start, the breaker's 5 s delay, two successful trial calls. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    private static final String BREAKER_METHOD = "io.observability.demo.checkout.client.PaymentClient.authorize";

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void checkoutDegradesFastReleasesStockAndRecovers() {
        long start = System.nanoTime();
        Map<String, Long> stockBefore = system.availableStock();
        Metrics metricsBefore = Metrics.scrape(system.checkout);
        assertEquals(201, system.shop.checkout(Shop.Order.of(Shop.APPROVED, "KB-001", 1)).status(), "healthy before");

        system.payment.stop();
        try {
            outageAndRecovery(start, stockBefore, metricsBefore);
        } finally {
            if (!system.payment.isAlive()) {
                system.payment.start();
                system.payment.awaitReady(Duration.ofSeconds(90));
            }
        }
    }

    private void outageAndRecovery(long start, Map<String, Long> stockBefore, Metrics metricsBefore) {
        long stoppedAt = System.nanoTime();
        List<Shop.Answer> answers = new ArrayList<>();
        List<Integer> liveness = new ArrayList<>();
        for (int i = 0; i < DURING_OUTAGE; i++) {
            answers.add(system.shop.checkout(Shop.Order.of(Shop.APPROVED, Shop.PLENTIFUL.get(i % 6), 1)));
            if (i % 5 == 0) {
                liveness.add(ServiceProcess.get(system.checkout.managementUrl() + "/q/health/live"));
            }
        }
        int readyDuringOutage = ServiceProcess.get(system.checkout.managementUrl() + "/q/health/ready");
        int wellDuringOutage = ServiceProcess.get(system.checkout.managementUrl() + "/q/health/well");
        Metrics metricsDuring = Metrics.scrape(system.checkout);

        // Every answer a documented 503 problem, each fast; once the breaker is open, faster still.
        for (Shop.Answer answer : answers) {
            assertTrue(answer.isDesigned503(), "a payment-unavailable problem with Retry-After: " + answer);
            assertEquals("payment-unavailable", answer.problemType(), answer.toString());
            assertTrue(answer.millis() <= MAX_ANSWER_MS, "answered within " + MAX_ANSWER_MS + " ms: " + answer);
        }
        List<Long> lastHalf = answers.subList(DURING_OUTAGE / 2, DURING_OUTAGE).stream().map(Shop.Answer::millis)
                .sorted().toList();
        long medianOpen = lastHalf.get(lastHalf.size() / 2);
        assertTrue(medianOpen < 300, "with the breaker open checkout does not wait on payment: median " + medianOpen + " ms");
        assertEquals(List.of(200), liveness.stream().distinct().toList(), "checkout stays live");
        assertEquals(200, readyDuringOutage, "checkout stays ready: it still answers");
        assertEquals(503, wellDuringOutage, "/q/health/well shows the open payment breaker");
        assertEquals(1.0, metricsDuring.sum("ft_circuitbreaker_state_current",
                sample -> sample.has("method", BREAKER_METHOD) && sample.has("state", "open")), "breaker state gauge");
        assertTrue(
                metricsDuring.sum("ft_circuitbreaker_opened_total",
                        sample -> sample.has("method", BREAKER_METHOD)) > metricsBefore.sum("ft_circuitbreaker_opened_total",
                                sample -> sample.has("method", BREAKER_METHOD)),
                "ft_circuitbreaker_opened_total moved");

        // Every reservation was given back by checkout itself (RELEASED, not left to expire), so no stock moved.
        List<String> orderIds = answers.stream().map(Shop.Answer::orderId).toList();
        for (String orderId : orderIds) {
            assertEquals("RELEASED", system.inventoryDb.rows("select status from reservation where order_id = ?", orderId)
                    .get(0).get("status"), "reservation of order " + orderId);
        }
        assertEquals(stockBefore.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue() - (entry.getKey().equals("KB-001") ? 1 : 0))), system.availableStock(),
                "stock during the outage: only the order confirmed before it took any");

        double outageSeconds = (System.nanoTime() - stoppedAt) / 1e9;

        // payment-service back on the same port: checkouts succeed again within a bounded time.
        long restartAt = System.nanoTime();
        system.payment.start();
        Duration startup = system.payment.awaitReady(Duration.ofSeconds(90));
        Duration left = RECOVERY_BOUND.minusNanos(System.nanoTime() - restartAt);
        assertTrue(left.compareTo(Duration.ZERO) > 0,
                "payment-service ready within " + RECOVERY_BOUND.toSeconds() + " s of the restart");
        AtomicInteger attemptsUntilSuccess = new AtomicInteger();
        await("a checkout to succeed within " + RECOVERY_BOUND.toSeconds() + " s of the restart")
                .atMost(left).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    attemptsUntilSuccess.incrementAndGet();
                    Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.APPROVED, "MS-002", 1));
                    assertTrue(answer.status() == 201 || answer.isDesigned503(), answer.toString());
                    return answer.status() == 201;
                });
        double recoverySeconds = (System.nanoTime() - restartAt) / 1e9;
        for (int i = 0; i < 5; i++) {
            Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.APPROVED, "CB-005", 1));
            assertEquals(201, answer.status(), "checkouts succeed again: " + answer);
        }
        Invariants.assertStockAccountsForConfirmedOrders(system);
        Invariants.assertAtMostOneAuthorizationPerOrder(system);

        Report.scenario("payment outage", start, Report.of(
                "503 during outage", answers.size(),
                "max/median-open ms", answers.stream().mapToLong(Shop.Answer::millis).max().orElse(0) + "/" + medianOpen,
                "outage s", String.format("%.1f", outageSeconds),
                "payment restart s", String.format("%.1f", startup.toMillis() / 1000.0),
                "recovered after s", String.format("%.1f", recoverySeconds),
                "checkouts until success", attemptsUntilSuccess.get()));

        // Last, the traces of the outage (checked last so that a failure here does not hide the rest).
        // In the trace: the refused attempts are visible (ERROR client spans with the exception), then the open
        // breaker answers without any call.
        Trace refused = TraceAssertions.awaitCheckoutTrace(system.traces(), answers.get(0));
        ReceivedSpan authorize = refused.only(span -> span.name().equals("authorize-payment"), "authorize-payment");
        List<ReceivedSpan> attempts = refused.children(authorize);
        assertEquals(3, attempts.size(), () -> "three refused attempts, each a CLIENT span\n" + refused.render()
                + "payment calls without a response anywhere in the receiver: " + system.traces().allSpans().stream()
                        .filter(span -> span.name().equals("POST /api/payments") && span.kind() == Kind.CLIENT
                                && !span.attributes().containsKey("http.response.status_code"))
                        .map(span -> span.traceId() + "/" + span + " " + span.events()).toList());
        for (ReceivedSpan attempt : attempts) {
            assertEquals(Kind.CLIENT, attempt.kind());
            assertEquals(Status.ERROR, attempt.status(), attempt.toString());
            assertTrue(attempt.hasException(), "the refused connection is recorded\n" + refused.render());
            assertTrue(refused.children(attempt).isEmpty(), "nothing answered");
        }
        Trace shortCircuited = TraceAssertions.awaitCheckoutTrace(system.traces(), answers.get(DURING_OUTAGE - 1));
        ReceivedSpan open = shortCircuited.only(span -> span.name().equals("authorize-payment"), "authorize-payment");
        assertEquals(Status.ERROR, open.status());
        assertTrue(open.events().stream().anyMatch(event -> event.attributes().getOrDefault("exception.type", "")
                .contains("CircuitBreakerOpenException")),
                "the open breaker is the recorded exception\n" + shortCircuited.render());
        assertTrue(shortCircuited.children(open).isEmpty(), "no call while the breaker is open\n" + shortCircuited.render());
        assertTrue(TraceAssertions.services(shortCircuited).stream().noneMatch("payment-service"::equals));
    }
}
