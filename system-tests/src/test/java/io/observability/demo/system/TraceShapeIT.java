package io.observability.demo.system;

import static io.observability.demo.system.TraceAssertions.assertWellFormed;
import static io.observability.demo.system.TraceAssertions.awaitCheckoutTrace;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.observability.demo.system.ReceivedSpan.Kind;
import io.observability.demo.system.ReceivedSpan.Status;
import io.observability.demo.system.TraceReceiver.Trace;

/**
 * Trace shape, as Jaeger shows it: one checkout is one trace rooted at checkout's SERVER span; inventory's and
 * payment's SERVER spans are children of checkout's CLIENT spans; database spans sit under the service that ran
 * them; a decline is an outcome (no ERROR), a gateway failure is an ERROR with its exception and its retries; no
 * span of a database connection, no statement outside a request.
 */
@Order(1)
@ExtendWith(SystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceShapeIT {

    /*
     * The spans of one confirmed checkout of one item, per service, after the sampler: docs/telemetry.md lists them
     * span by span, and the docs that give the count of a checkout's spans are checked against these numbers by
     * stack-tests (DocsTest). A change in the instrumentation that changes them changes the docs with it.
     */
    static final int CHECKOUT_SERVICE_SPANS = 14;
    static final int INVENTORY_SERVICE_SPANS = 11;
    static final int PAYMENT_SERVICE_SPANS = 5;

    private final RunningSystem system = RunningSystem.instance();

    @Test
    @Order(1)
    void aConfirmedCheckoutIsOneTraceAcrossTheThreeServices() {
        long start = System.nanoTime();
        String requestId = "system-" + UUID.randomUUID();
        Shop.Answer answer = system.shop.checkout(new Shop.Order("customer-trace", List.of(new Shop.Line("KB-001", 1),
                new Shop.Line("CB-005", 2)), Shop.APPROVED), null, Map.of("X-Request-ID", requestId));
        assertEquals(201, answer.status(), answer.toString());
        assertEquals(requestId, answer.requestId(), "the request id is echoed");

        Trace trace = awaitCheckoutTrace(system.traces(), answer);
        String tree = trace.render();
        assertWellFormed(trace, answer);
        assertEquals(Set.of("checkout-service", "inventory-service", "payment-service"), TraceAssertions.services(trace), tree);

        ReceivedSpan root = trace.root();
        String orderId = answer.orderId();
        assertEquals(orderId, root.attribute("order.id"));
        assertEquals("confirmed", root.attribute("checkout.outcome"));
        assertEquals("authorized", root.attribute("payment.outcome"));
        assertEquals(answer.body().path("paymentId").asText(), root.attribute("payment.id"));

        // The saga's steps, each an INTERNAL span wrapping the CLIENT span of its call.
        ReceivedSpan reserve = step(trace, "reserve-stock", "POST /api/reservations", 201);
        ReceivedSpan authorize = step(trace, "authorize-payment", "POST /api/payments", 201);
        ReceivedSpan confirm = step(trace, "confirm-reservation", "POST /api/reservations/{id}/confirm", 200);
        assertTrue(reserve.endNanos() <= authorize.startNanos() && authorize.endNanos() <= confirm.startNanos(),
                "reserve, then authorize, then confirm\n" + tree);
        assertTrue(trace.find(span -> span.name().equals("release-reservation")).isEmpty(), "nothing to compensate\n" + tree);

        ReceivedSpan paymentServer = trace.only(span -> span.service().equals("payment-service") && span.kind() == Kind.SERVER,
                "payment SERVER span");
        ReceivedSpan gateway = trace.only(span -> span.name().equals("payment-gateway authorize"), "gateway span");
        assertEquals(paymentServer.spanId(), gateway.parentSpanId(), tree);
        assertEquals(orderId, paymentServer.attribute("order.id"));
        for (ReceivedSpan server : trace.find(span -> span.kind() == Kind.SERVER)) {
            assertEquals(requestId, server.attribute("request.id"), "the request id travels with the trace: " + server);
        }
        trace.find(span -> span.service().equals("inventory-service") && span.kind() == Kind.SERVER)
                .forEach(server -> assertEquals(orderId, server.attribute("order.id"), server.toString()));
        assertEquals(root.attribute("reservation.id"), confirm.attribute("reservation.id"));

        // Each service's own statements, in its own database.
        for (String service : List.of("checkout-service", "inventory-service", "payment-service")) {
            assertFalse(trace.find(span -> span.service().equals(service) && span.isDatabase() && span.kind() == Kind.CLIENT)
                    .isEmpty(), service + " has database spans\n" + tree);
        }

        // One checkout, one trace: every span that names this order, in any service, is in this trace.
        List<ReceivedSpan> elsewhere = system.traces().allSpans().stream()
                .filter(span -> orderId.equals(span.attribute("order.id")) && !span.traceId().equals(trace.traceId()))
                .toList();
        assertEquals(List.of(), elsewhere, "spans of order " + orderId + " outside its trace");
        assertEquals(List.of(), TraceAssertions.errors(trace), "a confirmed checkout has no error\n" + tree);
        assertTrue(trace.spans().stream().noneMatch(ReceivedSpan::hasException), tree);

        Report.scenario("trace: confirmed", start, Report.of("spans", trace.spans().size(),
                "services", 3, "db spans", trace.find(ReceivedSpan::isDatabase).size(),
                "checkout ms", answer.millis()));
    }

    @Test
    @Order(2)
    void aDeclinedPaymentIsAnOutcomeNotAnError() {
        long start = System.nanoTime();
        Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.DECLINED, "MS-002", 1));
        assertEquals(402, answer.status(), answer.toString());
        assertEquals("card_declined", answer.body().path("reason").asText());

        Trace trace = awaitCheckoutTrace(system.traces(), answer);
        String tree = trace.render();
        assertWellFormed(trace, answer);
        ReceivedSpan root = trace.root();
        assertEquals("declined", root.attribute("payment.outcome"));
        assertEquals("card_declined", root.attribute("payment.decline_reason"));
        assertEquals("declined", root.attribute("checkout.outcome"));

        // Asked once (a decline is final, never retried), then the stock is given back.
        ReceivedSpan call = trace.only(span -> span.kind() == Kind.CLIENT && span.name().equals("POST /api/payments"),
                "payment call");
        assertEquals("402", call.attribute("http.response.status_code"));
        ReceivedSpan paymentServer = trace.children(call).get(0);
        assertEquals("declined", paymentServer.attribute("payment.outcome"));
        assertEquals("card_declined", paymentServer.attribute("payment.decline_reason"));
        step(trace, "release-reservation", "DELETE /api/reservations/{id}", 204);

        // What Jaeger paints red: nothing. A decline is the business answer, not a failure.
        assertEquals(List.of(), TraceAssertions.errors(trace), "no span of a declined checkout is an ERROR\n" + tree);
        Report.scenario("trace: declined", start, Report.of("spans", trace.spans().size(),
                "error spans", TraceAssertions.errors(trace).size()));
    }

    @Test
    @Order(3)
    void anOutOfStockOrderIsAnOutcomeNotAnError() {
        long start = System.nanoTime();
        Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.APPROVED, Shop.SCARCE, 100));
        assertEquals(409, answer.status(), answer.toString());
        assertEquals("out-of-stock", answer.problemType());

        Trace trace = awaitCheckoutTrace(system.traces(), answer);
        String tree = trace.render();
        assertWellFormed(trace, answer);
        assertEquals("out_of_stock", trace.root().attribute("checkout.outcome"));
        step(trace, "reserve-stock", "POST /api/reservations", 409);
        assertEquals(Set.of("checkout-service", "inventory-service"), TraceAssertions.services(trace),
                "payment is never asked\n" + tree);
        assertEquals(List.of(), TraceAssertions.errors(trace), "no span of an out-of-stock checkout is an ERROR\n" + tree);
        Report.scenario("trace: out of stock", start, Report.of("spans", trace.spans().size()));
    }

    @Test
    @Order(4)
    void aGatewayFailureIsAnErrorWithItsRetriesAsSeparateClientSpans() {
        long start = System.nanoTime();
        Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.GATEWAY_ERROR, "HS-004", 1));
        assertEquals(503, answer.status(), answer.toString());
        assertTrue(answer.isDesigned503(), "a problem with Retry-After: " + answer + " " + answer.headers());
        assertEquals("payment-unavailable", answer.problemType());

        Trace trace = awaitCheckoutTrace(system.traces(), answer);
        String tree = trace.render();
        assertWellFormed(trace, answer);
        ReceivedSpan root = trace.root();
        assertEquals(Status.ERROR, root.status(), "a 503 is an error\n" + tree);
        assertEquals("failed", root.attribute("payment.outcome"));
        assertEquals("payment_unavailable", root.attribute("checkout.outcome"));

        ReceivedSpan authorize = trace.only(span -> span.name().equals("authorize-payment"), "authorize-payment");
        assertEquals(Status.ERROR, authorize.status(), tree);
        assertTrue(authorize.hasException(), "the business span carries the exception\n" + tree);
        List<ReceivedSpan> attempts = trace.children(authorize);
        assertEquals(3, attempts.size(), "the first call and 2 retries, each its own CLIENT span\n" + tree);
        for (int i = 0; i < attempts.size(); i++) {
            ReceivedSpan attempt = attempts.get(i);
            assertEquals(Kind.CLIENT, attempt.kind());
            assertEquals("POST /api/payments", attempt.name());
            assertEquals("503", attempt.attribute("http.response.status_code"));
            assertEquals(Status.ERROR, attempt.status(), attempt.toString());
            if (i > 0) {
                assertTrue(attempts.get(i - 1).endNanos() <= attempt.startNanos(), "retries follow each other\n" + tree);
            }
            ReceivedSpan server = trace.children(attempt).get(0);
            assertEquals(Status.ERROR, server.status(), server.toString());
            assertEquals("failed", server.attribute("payment.outcome"));
            ReceivedSpan gateway = trace.only(span -> span.parentSpanId().equals(server.spanId())
                    && span.name().equals("payment-gateway authorize"), "gateway span of attempt " + (i + 1));
            assertEquals(Status.ERROR, gateway.status());
            assertTrue(gateway.hasException(), "the gateway span records the exception\n" + tree);
        }
        // The compensation succeeded: it is no error.
        ReceivedSpan release = step(trace, "release-reservation", "DELETE /api/reservations/{id}", 204);
        assertEquals(Status.UNSET, release.status());
        assertTrue(trace.find(span -> span.name().equals("reserve-stock") || span.isDatabase())
                .stream().allMatch(span -> span.status() != Status.ERROR), "only the failing path is red\n" + tree);
        Report.scenario("trace: gateway failure", start, Report.of("spans", trace.spans().size(),
                "payment attempts", attempts.size(), "error spans", TraceAssertions.errors(trace).size(),
                "checkout ms", answer.millis()));
    }

    /**
     * What RequestTracesSampler keeps out: {@code DataSource.getConnection} spans, and database statements outside
     * any request (Flyway at startup, the scheduled jobs), each of which would be a one-span trace of its own.
     */
    @Test
    @Order(5)
    void theSamplerKeepsTheStatementsOfRequestsOnly() {
        long start = System.nanoTime();
        Shop.Answer answer = system.shop.checkout(Shop.Order.of(Shop.APPROVED, "KB-001", 1));
        assertEquals(201, answer.status(), answer.toString());
        Trace trace = awaitCheckoutTrace(system.traces(), answer);
        String tree = trace.render();

        // Everything received since startup too: the stock gauges alone run a statement every second.
        List<ReceivedSpan> all = system.traces().allSpans();
        Map<String, List<ReceivedSpan>> traces = all.stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
        assertAll(
                () -> assertEquals(List.of(), trace.find(span -> span.name().equals("DataSource.getConnection")), tree),
                () -> assertEquals(List.of(), all.stream().filter(span -> span.name().equals("DataSource.getConnection"))
                        .limit(5).toList(), "no connection span at all (the first 5)"),
                () -> assertEquals(List.of(), all.stream().filter(span -> span.isRoot() && span.isDatabase())
                        .limit(5).toList(), "no database span is a root (the first 5)"),
                () -> assertEquals(List.of(), traces.values().stream()
                        .filter(spans -> spans.size() == 1 && spans.get(0).isDatabase()).limit(5).toList(),
                        "no trace is a single database span (the first 5)"),
                () -> {
                    for (String service : List.of("checkout-service", "inventory-service", "payment-service")) {
                        assertFalse(trace.find(span -> span.service().equals(service) && isStatement(span)).isEmpty(),
                                service + " has SQL statement spans\n" + tree);
                    }
                });

        Map<String, Long> spansByService = new TreeMap<>(trace.spans().stream()
                .collect(Collectors.groupingBy(ReceivedSpan::service, Collectors.counting())));
        Report.scenario("trace: sampler", start, Report.of("spans", trace.spans().size(), "by service", spansByService,
                "db spans", trace.find(TraceShapeIT::isStatement).size(), "traces received", traces.size()));
        Map<String, Long> expectedSpans = Map.of("checkout-service", (long) CHECKOUT_SERVICE_SPANS,
                "inventory-service", (long) INVENTORY_SERVICE_SPANS, "payment-service", (long) PAYMENT_SERVICE_SPANS);
        assertEquals(expectedSpans, spansByService,
                "the spans of a one-item checkout, as docs/telemetry.md lists them\n" + tree);
    }

    private static boolean isStatement(ReceivedSpan span) {
        return span.isDatabase() && span.kind() == Kind.CLIENT;
    }

    /** The INTERNAL business span {@code name} with one CLIENT call {@code call} that got {@code status}. */
    private static ReceivedSpan step(Trace trace, String name, String call, int status) {
        ReceivedSpan step = trace.only(span -> span.name().equals(name), name);
        assertEquals(Kind.INTERNAL, step.kind());
        assertEquals("checkout-service", step.service());
        assertEquals(trace.root().spanId(), step.parentSpanId(), name + " is a step of the checkout\n" + trace.render());
        ReceivedSpan client = trace.only(span -> span.parentSpanId().equals(step.spanId()), "call of " + name);
        assertEquals(Kind.CLIENT, client.kind());
        assertEquals(call, client.name());
        assertEquals(String.valueOf(status), client.attribute("http.response.status_code"), trace.render());
        return step;
    }
}
