package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.DECLINED_CARD;
import static io.observability.demo.payment.PaymentApi.UNAVAILABLE_CARD;
import static io.observability.demo.payment.PaymentApi.body;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import io.observability.demo.testing.InMemorySpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** What an engineer sees in Jaeger: business attributes on the server span and the gateway call as its own span. */
@QuarkusTest
class PaymentTracingTest {

    private static final String GATEWAY_SPAN = "payment-gateway authorize";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    InMemorySpans spans;

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
}
