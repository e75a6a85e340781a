package io.observability.demo.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.testing.InMemorySpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** What Jaeger, Prometheus and Loki users see of a checkout. */
@QuarkusTest
class TelemetryTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    InMemorySpans spans;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        Stubs.reset(breakers);
        Stubs.inventoryWorks();
    }

    @Test
    void theTraceContextReachesBothDownstreamsFromCheckoutsClientSpans() {
        Stubs.paymentAuthorizes();
        String traceId = hex(32);

        String orderId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
                .header("X-Request-ID", "req-" + traceId)
                .body(Stubs.checkout(Stubs.GOOD_CARD))
                .post("/api/checkout")
                .then().statusCode(201)
                .header("traceresponse", matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01"))
                .extract().path("orderId");

        List<SpanData> trace = awaitTrace(traceId);
        SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertEquals(orderId, server.getAttributes().get(AttributeKey.stringKey("order.id")));
        assertEquals("authorized", server.getAttributes().get(AttributeKey.stringKey("payment.outcome")));
        assertEquals("confirmed", server.getAttributes().get(AttributeKey.stringKey("checkout.outcome")));
        assertEquals(1L, server.getAttributes().get(AttributeKey.longKey("checkout.item_count")));
        assertEquals(Stubs.RESERVATION_ID, server.getAttributes().get(AttributeKey.stringKey("reservation.id")));

        // The traceparent payment-service received names checkout's CLIENT span of that call.
        SpanData authorize = only(trace, span -> span.getName().equals("authorize-payment"));
        SpanData paymentCall = only(trace, span -> span.getKind() == SpanKind.CLIENT
                && span.getParentSpanId().equals(authorize.getSpanId()));
        String received = Stubs.payment().findAll(postRequestedFor(urlEqualTo("/api/payments"))).get(0)
                .getHeader("traceparent");
        assertEquals("00-" + traceId + "-" + paymentCall.getSpanId() + "-01", received);
        assertEquals(server.getSpanId(), authorize.getParentSpanId());
        assertEquals("req-" + traceId, Stubs.payment().findAll(postRequestedFor(urlEqualTo("/api/payments"))).get(0)
                .getHeader("X-Request-ID"), "the request id travels with the trace");

        assertTrue(trace.stream().anyMatch(span -> span.getName().equals("reserve-stock")));
        assertTrue(trace.stream().anyMatch(span -> span.getName().equals("confirm-reservation")));
        assertNoCardNumber(trace);
    }

    @Test
    void aRequestIdCheckoutMakesTravelsToBothDownstreams() {
        Stubs.paymentAuthorizes();
        // No usable X-Request-ID (none at all, or one that is not safe to echo): checkout makes one and forwards it.
        for (String sent : new String[] { null, "not safe to echo" }) {
            Stubs.payment().resetRequests();
            Stubs.inventory().resetRequests();
            var request = given().contentType(ContentType.JSON).body(Stubs.checkout(Stubs.GOOD_CARD));
            if (sent != null) {
                request.header("X-Request-ID", sent);
            }
            String made = request.post("/api/checkout").then().statusCode(201)
                    .header("X-Request-ID", matchesPattern("[0-9a-f-]{36}")).extract().header("X-Request-ID");

            assertEquals(made, Stubs.payment().findAll(postRequestedFor(urlEqualTo("/api/payments"))).get(0)
                    .getHeader("X-Request-ID"), "payment got the request id checkout answered with");
            assertEquals(made, Stubs.inventory().findAll(postRequestedFor(urlEqualTo("/api/reservations"))).get(0)
                    .getHeader("X-Request-ID"), "inventory got it too");
        }
    }

    @Test
    void everyFailedAttemptWithoutAResponseIsAnErrorClientSpan() {
        Stubs.paymentResetsConnections();
        List<SpanData> trace = checkoutTrace(Stubs.checkout(Stubs.GOOD_CARD), 503);
        SpanData authorize = only(trace, span -> span.getName().equals("authorize-payment"));
        List<SpanData> attempts = trace.stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT && span.getParentSpanId().equals(authorize.getSpanId()))
                .toList();
        assertEquals(3, attempts.size(), "one client span per attempt: " + trace);
        for (SpanData attempt : attempts) {
            assertEquals(StatusCode.ERROR, attempt.getStatus().getStatusCode());
            assertTrue(attempt.getEvents().stream().anyMatch(event -> event.getName().equals("exception")));
        }
        SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode(), "a 503 is an error");
        assertEquals("failed", server.getAttributes().get(AttributeKey.stringKey("payment.outcome")));
    }

    @Test
    void attemptsThatCouldNotConnectAreErrorClientSpansToo() {
        Stubs.payment().stop();
        try {
            List<SpanData> trace = checkoutTrace(Stubs.checkout(Stubs.GOOD_CARD), 503);
            SpanData authorize = only(trace, span -> span.getName().equals("authorize-payment"));
            List<SpanData> attempts = trace.stream()
                    .filter(span -> span.getKind() == SpanKind.CLIENT && span.getParentSpanId().equals(authorize.getSpanId()))
                    .toList();
            assertEquals(3, attempts.size(), "one client span per refused attempt");
            for (SpanData attempt : attempts) {
                assertEquals("POST /api/payments", attempt.getName());
                assertEquals(StatusCode.ERROR, attempt.getStatus().getStatusCode());
                assertTrue(attempt.getEvents().stream().anyMatch(event -> event.getName().equals("exception")));
            }
        } finally {
            Stubs.payment().start();
        }
    }

    @Test
    void anOutOfStockAnswerIsNotAnErrorSpan() {
        Stubs.inventoryRejects(409, "out-of-stock");
        List<SpanData> trace = checkoutTrace(Stubs.checkout(Stubs.GOOD_CARD), 409);
        assertTrue(trace.stream().noneMatch(span -> span.getStatus().getStatusCode() == StatusCode.ERROR),
                () -> "no ERROR span for a designed answer: " + trace.stream().map(SpanData::getName).toList());
    }

    @Test
    void aDeclineIsAnOutcomeNotAnError() {
        Stubs.paymentDeclines("card_declined");
        List<SpanData> trace = checkoutTrace(Stubs.checkout("4000000000000002"), 402);
        SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertEquals("card_declined", server.getAttributes().get(AttributeKey.stringKey("payment.decline_reason")));
        assertTrue(trace.stream().noneMatch(span -> span.getStatus().getStatusCode() == StatusCode.ERROR),
                () -> "no ERROR span for a decline: " + trace.stream().map(SpanData::getName).toList());
        assertNoCardNumber(trace);
    }

    @Test
    void ordersAreCountedByOutcomeAndTheHttpSeriesAreTemplated() {
        double confirmed = counter("checkout_orders_total", "outcome=\"confirmed\"");
        double declined = counter("checkout_orders_total", "outcome=\"declined\"");
        double invalid = counter("http_server_requests_seconds_count", "status=\"400\",uri=\"/api/checkout\"");

        Stubs.paymentAuthorizes();
        given().contentType(ContentType.JSON).body(Stubs.checkout(Stubs.GOOD_CARD)).post("/api/checkout").then()
                .statusCode(201);
        Stubs.payment().resetAll();
        Stubs.paymentDeclines("card_declined");
        given().contentType(ContentType.JSON).body(Stubs.checkout(Stubs.GOOD_CARD)).post("/api/checkout").then()
                .statusCode(402);
        given().contentType(ContentType.JSON).body("{}").post("/api/checkout").then().statusCode(400);

        assertEquals(confirmed + 1, counter("checkout_orders_total", "outcome=\"confirmed\""));
        assertEquals(declined + 1, counter("checkout_orders_total", "outcome=\"declined\""));
        assertEquals(invalid + 1, counter("http_server_requests_seconds_count", "status=\"400\",uri=\"/api/checkout\""),
                "an invalid request creates no order: the HTTP server metrics count it");
        String scrape = scrape();
        for (String outcome : List.of("out_of_stock", "unknown_product", "payment_unavailable", "inventory_unavailable")) {
            assertTrue(scrape.contains("checkout_orders_total{outcome=\"" + outcome + "\"}"), outcome + " is registered");
        }
        assertTrue(scrape.contains("checkout_order_value_bucket{currency=\"USD\",le=\"250.0\"}"));
        assertTrue(scrape.contains("uri=\"/api/reservations/{id}/confirm\""), "client URIs are templated");
        assertFalse(scrape.contains(Stubs.RESERVATION_ID), "no id in any label");
        assertTrue(Pattern.compile(
                "http_client_requests_seconds_bucket\\{[^}]*} \\S+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}")
                .matcher(scrape).find(), "client latency buckets carry exemplars");
        assertTrue(scrape.contains("ft_invocations_total"), "fault tolerance metrics are exported");
    }

    @Test
    void theOrderLogLineCarriesTheTraceId() throws Exception {
        Stubs.paymentAuthorizes();
        String traceId = hex(32);
        String orderId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
                .body(Stubs.checkout(Stubs.GOOD_CARD))
                .post("/api/checkout")
                .then().statusCode(201)
                .extract().path("orderId");

        JsonNode line = await("the order confirmation to be logged").atMost(Duration.ofSeconds(5))
                .until(() -> Files.readAllLines(Path.of("target/test-logs/service.json.log")).stream()
                        .filter(l -> l.contains("Order " + orderId + " confirmed")).findFirst(), Optional::isPresent)
                .map(TelemetryTest::json).orElseThrow();
        assertEquals(traceId, line.at("/mdc/traceId").asText());
        assertFalse(Files.readString(Path.of("target/test-logs/service.json.log")).contains(Stubs.GOOD_CARD),
                "no card number in any log line");
    }

    /** Sends a checkout in a trace of its own, expects the status, and returns checkout's spans of that trace. */
    private List<SpanData> checkoutTrace(String body, int status) {
        String traceId = hex(32);
        given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
                .body(body)
                .post("/api/checkout")
                .then().statusCode(status);
        return awaitTrace(traceId);
    }

    /** The server span ends last, so once it is exported the whole trace of this service is. */
    private List<SpanData> awaitTrace(String traceId) {
        return spans.awaitTrace(traceId, 1, span -> span.getKind() == SpanKind.SERVER);
    }

    private static void assertNoCardNumber(List<SpanData> trace) {
        for (SpanData span : trace) {
            assertFalse(span.getAttributes().toString().contains("4242424242424242"), span.toString());
            assertFalse(span.getAttributes().toString().contains("4000000000000002"), span.toString());
        }
    }

    private static SpanData only(List<SpanData> trace, java.util.function.Predicate<SpanData> filter) {
        List<SpanData> matching = trace.stream().filter(filter).toList();
        assertEquals(1, matching.size(), () -> "spans in the trace: " + trace.stream().map(SpanData::getName).toList());
        return matching.get(0);
    }

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }

    private double counter(String name, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)")
                .matcher(scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String hex(int length) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, length);
    }
}
