package io.observability.demo.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Canned answers of inventory-service and payment-service, shaped like the real ones. */
public final class Stubs {

    public static final String GOOD_CARD = "4242424242424242";
    public static final String RESERVATION_ID = "6f1c2a52-0d5e-4a9e-9f3a-2b7d1c0e8a11";
    public static final String PAYMENT_ID = "3d2b1a00-5c4e-4f6a-8b9c-0d1e2f3a4b5c";

    private Stubs() {
    }

    /** A clean slate for every test: no stubs, no recorded requests, every circuit breaker closed. */
    public static void reset(CircuitBreakerMaintenance breakers) {
        inventory().resetAll();
        payment().resetAll();
        breakers.resetAll();
    }

    /** A clean slate on which inventory reserves and payment authorizes. */
    public static void resetToWorking(CircuitBreakerMaintenance breakers) {
        reset(breakers);
        inventoryWorks();
        paymentAuthorizes();
    }

    public static WireMockServer inventory() {
        return Downstreams.inventory();
    }

    public static WireMockServer payment() {
        return Downstreams.payment();
    }

    /** Inventory reserves 2 x KB-001 at 89.90 and accepts confirm and release. */
    public static void inventoryWorks() {
        inventory().stubFor(post(urlEqualTo("/api/reservations")).willReturn(json(201, """
                {"id":"%s","orderId":"any","status":"RESERVED",
                 "items":[{"sku":"KB-001","quantity":2,"unitPrice":89.90}],
                 "total":179.80,"currency":"USD","expiresAt":"2030-01-01T00:00:00Z"}""".formatted(RESERVATION_ID))));
        inventory().stubFor(post(urlEqualTo("/api/reservations/" + RESERVATION_ID + "/confirm")).willReturn(json(200, """
                {"id":"%s","orderId":"any","status":"CONFIRMED","items":[],"total":179.80,"currency":"USD"}"""
                .formatted(RESERVATION_ID))));
        inventory().stubFor(delete(urlEqualTo("/api/reservations/" + RESERVATION_ID)).willReturn(aResponse().withStatus(204)));
    }

    public static void inventoryReleaseFails() {
        inventory().stubFor(delete(urlEqualTo("/api/reservations/" + RESERVATION_ID))
                .willReturn(problem(503, "unavailable", null)));
    }

    public static void inventoryRejects(int status, String type) {
        inventory().stubFor(post(urlEqualTo("/api/reservations")).willReturn(problem(status, type, null)));
    }

    public static void paymentAuthorizes() {
        payment().stubFor(post(urlEqualTo("/api/payments")).willReturn(json(201, """
                {"id":"%s","orderId":"any","status":"AUTHORIZED","amount":179.80,"currency":"USD"}""".formatted(PAYMENT_ID))));
    }

    public static void paymentDeclines(String reason) {
        payment().stubFor(post(urlEqualTo("/api/payments")).willReturn(problem(402, "payment-declined", reason)));
    }

    public static void paymentFails() {
        payment().stubFor(post(urlEqualTo("/api/payments")).willReturn(problem(503, "payment-gateway-unavailable", null)));
    }

    public static void paymentResetsConnections() {
        payment().stubFor(post(urlEqualTo("/api/payments")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    public static void paymentHangs(int millis) {
        payment().stubFor(post(urlEqualTo("/api/payments")).willReturn(json(201, """
                {"id":"%s","orderId":"any","status":"AUTHORIZED","amount":179.80,"currency":"USD"}""".formatted(PAYMENT_ID))
                .withFixedDelay(millis)));
    }

    /** The first attempt gets a 503, the retry is authorized. */
    public static void paymentFailsOnceThenAuthorizes() {
        payment().stubFor(post(urlEqualTo("/api/payments")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(problem(503, "payment-gateway-unavailable", null)).willSetStateTo("recovered"));
        payment().stubFor(post(urlEqualTo("/api/payments")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(json(201, """
                        {"id":"%s","orderId":"any","status":"AUTHORIZED","amount":179.80,"currency":"USD"}"""
                        .formatted(PAYMENT_ID))));
    }

    public static int paymentAttempts() {
        return payment().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/api/payments")))
                .size();
    }

    public static int releases() {
        return inventory().findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlMatching("/api/reservations/.*"))).size();
    }

    public static String checkout(String card) {
        return checkout("customer-" + UUID.randomUUID(), card, "KB-001", 2);
    }

    public static String checkout(String customer, String card, String sku, int quantity) {
        return """
                {"customerId":"%s","items":[{"sku":"%s","quantity":%d}],"cardNumber":"%s"}"""
                .formatted(customer, sku, quantity, card);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String type,
            String reason) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"urn:problem-type:%s\",\"title\":\"t\",\"status\":%d,\"detail\":\"stubbed %s\"%s}"
                        .formatted(type, status, type, reason == null ? "" : ",\"reason\":\"" + reason + "\""));
    }
}
