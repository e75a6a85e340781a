package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.DECLINED_CARD;
import static io.observability.demo.payment.PaymentApi.UNAVAILABLE_CARD;
import static io.observability.demo.payment.PaymentApi.authorize;
import static io.observability.demo.payment.PaymentApi.body;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.observability.demo.testing.InMemorySpans;
import io.observability.demo.testing.PrometheusScrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * What Jaeger and Prometheus users see of a payment: business attributes on the server span, the gateway call as
 * its own span, and the metrics a dashboard reads from the management port. Tests share the app: metrics are
 * compared before and after.
 */
@QuarkusTest
class TelemetryTest {

    private static final String GATEWAY_SPAN = "payment-gateway authorize";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DECLINED = "payment_authorizations_total{reason=\"card_declined\",result=\"declined\"}";
    private static final String AUTHORIZED = "payment_authorizations_total{reason=\"none\",result=\"authorized\"}";
    private static final String GATEWAY_ERROR = "payment_authorizations_total{reason=\"gateway_error\",result=\"failed\"}";

    @Inject
    InMemorySpans spans;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void authorizationCarriesTheBusinessAttributes() {
        Trace trace = send(APPROVED_CARD);
        String paymentId = trace.response().statusCode(201).extract().path("id");
        List<SpanData> all = trace.spans();

        SpanData server = server(all);
        assertEquals(trace.orderId(), server.getAttributes().get(AttributeKey.stringKey("order.id")));
        assertEquals(paymentId, server.getAttributes().get(AttributeKey.stringKey("payment.id")));
        assertEquals("authorized", server.getAttributes().get(AttributeKey.stringKey("payment.outcome")));
        assertEquals(trace.parentSpanId(), server.getParentSpanId(), "continues the caller's trace");

        SpanData gateway = gateway(all);
        assertEquals(SpanKind.INTERNAL, gateway.getKind());
        assertEquals(server.getSpanId(), gateway.getParentSpanId());
        assertNotEquals(StatusCode.ERROR, gateway.getStatus().getStatusCode());
        assertNoCardNumber(all, APPROVED_CARD);
    }

    @Test
    void designedDeclineIsNotAnError() {
        Trace trace = send(DECLINED_CARD);
        trace.response().statusCode(402);
        List<SpanData> all = trace.spans();

        SpanData server = server(all);
        assertNotEquals(StatusCode.ERROR, server.getStatus().getStatusCode());
        assertEquals("declined", server.getAttributes().get(AttributeKey.stringKey("payment.outcome")));
        assertEquals("card_declined", server.getAttributes().get(AttributeKey.stringKey("payment.decline_reason")));
        assertNotEquals(StatusCode.ERROR, gateway(all).getStatus().getStatusCode());
        assertNoCardNumber(all, DECLINED_CARD);
    }

    @Test
    void gatewayFailureIsRecordedOnTheGatewaySpan() {
        Trace trace = send(UNAVAILABLE_CARD);
        trace.response().statusCode(503);
        List<SpanData> all = trace.spans();

        SpanData gateway = gateway(all);
        assertEquals(StatusCode.ERROR, gateway.getStatus().getStatusCode());
        assertTrue(gateway.getEvents().stream().anyMatch(event -> event.getName().equals("exception")),
                "the exception is recorded on the gateway span");

        SpanData server = server(all);
        assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode(), "a 503 is an error of the request");
        assertEquals("failed", server.getAttributes().get(AttributeKey.stringKey("payment.outcome")));
        assertNoCardNumber(all, UNAVAILABLE_CARD);
    }

    @Test
    void countsEachNewDecisionOnceAndNotTheReplays() {
        String before = scrape();

        String declinedOrder = newOrderId();
        authorize(declinedOrder, DECLINED_CARD).statusCode(402);
        authorize(declinedOrder, DECLINED_CARD).statusCode(402); // a replay
        authorize(newOrderId(), DECLINED_CARD).statusCode(402);
        String authorizedOrder = newOrderId();
        authorize(authorizedOrder, APPROVED_CARD).statusCode(201);
        authorize(authorizedOrder, APPROVED_CARD).statusCode(201); // a replay
        authorize(newOrderId(), UNAVAILABLE_CARD).statusCode(503);

        String after = scrape();
        assertEquals(value(before, DECLINED) + 2, value(after, DECLINED));
        assertEquals(value(before, AUTHORIZED) + 1, value(after, AUTHORIZED));
        assertEquals(value(before, GATEWAY_ERROR) + 1, value(after, GATEWAY_ERROR));
    }

    @Test
    void everyExpectedSeriesExistsFromTheStart() {
        String scrape = scrape();
        for (String series : new String[] {
                AUTHORIZED, DECLINED, GATEWAY_ERROR,
                "payment_authorizations_total{reason=\"insufficient_funds\",result=\"declined\"}",
                "payment_authorizations_total{reason=\"outage\",result=\"failed\"}",
                "payment_chaos_failure_ratio ",
                "payment_chaos_latency_seconds ",
                "payment_chaos_outage " }) {
            assertTrue(scrape.contains(series), series + " is missing");
        }
    }

    @Test
    void gatewayLatencyIsAHistogramWithExemplars() {
        authorize(newOrderId(), APPROVED_CARD).statusCode(201);
        String scrape = scrape();

        assertTrue(scrape.contains("payment_gateway_latency_seconds_bucket{le=\"0.5\"}"), "the SLO bucket exists");
        assertTrue(scrape.lines().anyMatch(line -> line.contains("_bucket{") && line.contains(" # {")
                && line.contains("trace_id=")), "some bucket carries a trace exemplar");
        for (String label : new String[] { "order", "card", "amount", "payment_id" }) {
            assertFalse(Pattern.compile("^payment_\\w+\\{[^}]*\\b" + label + "\\w*=", Pattern.MULTILINE).matcher(scrape).find(),
                    "no unbounded label: " + label);
        }
    }

    @Test
    void prometheusGetsOpenMetricsOnlyWithoutTextPlainInItsAcceptHeader() {
        given().accept(PrometheusScrape.ACCEPT).get(metrics).then().statusCode(200)
                .contentType(startsWith("application/openmetrics-text; version=1.0.0"));
        given().accept(PrometheusScrape.ACCEPT_WITH_TEXT).get(metrics).then().statusCode(200)
                .contentType(startsWith("text/plain; version=0.0.4"));
    }

    /** Sends an authorization as part of a fresh trace and waits for its server and gateway spans. */
    private Trace send(String card) {
        String traceId = hex(16);
        String parentSpanId = hex(8);
        String orderId = newOrderId();
        ValidatableResponse response = given()
                .header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .contentType(ContentType.JSON).body(body(orderId, card))
                .post("/api/payments").then();
        List<SpanData> all = spans.awaitTrace(traceId, 2,
                span -> span.getKind() == SpanKind.SERVER || span.getName().equals(GATEWAY_SPAN));
        return new Trace(orderId, parentSpanId, response, all);
    }

    private static SpanData server(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    }

    private static SpanData gateway(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getName().equals(GATEWAY_SPAN)).findFirst().orElseThrow();
    }

    private static void assertNoCardNumber(List<SpanData> spans, String card) {
        for (SpanData span : spans) {
            assertNoCardNumber(span.getAttributes(), card, span.getName());
            span.getEvents().forEach(event -> assertNoCardNumber(event.getAttributes(), card, span.getName()));
        }
    }

    private static void assertNoCardNumber(Attributes attributes, String card, String spanName) {
        attributes.forEach((key, value) -> assertFalse(String.valueOf(value).contains(card),
                "span '" + spanName + "' attribute " + key + " holds the card number"));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private record Trace(String orderId, String parentSpanId, ValidatableResponse response, List<SpanData> spans) {
    }

    private String scrape() {
        return given().accept(PrometheusScrape.ACCEPT).get(metrics).then().statusCode(200).extract().asString();
    }

    /** The value of one series in the OpenMetrics text (an exemplar may follow it). */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)", Pattern.MULTILINE).matcher(scrape);
        assertTrue(matcher.find(), series + " is missing");
        return Double.parseDouble(matcher.group(1));
    }
}
