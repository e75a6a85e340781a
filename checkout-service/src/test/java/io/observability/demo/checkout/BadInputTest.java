package io.observability.demo.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Bad checkout requests get a 4xx problem naming the field, create no order and call nobody. */
@QuarkusTest
class BadInputTest {

    private static final String CUSTOMER = "bad-input-customer";

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    Orders orders;

    @BeforeEach
    void reset() {
        Stubs.resetToWorking(breakers);
    }

    static Stream<Arguments> badRequests() {
        String card = Stubs.GOOD_CARD;
        String items = "[{\"sku\":\"KB-001\",\"quantity\":1}]";
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"customerId\":", 400, null),
                Arguments.of("empty body", "application/json", "", 400, "body"),
                Arguments.of("array body", "application/json", "[]", 400, "body"),
                Arguments.of("missing customerId", "application/json", body(null, items, card), 400, "customerId"),
                Arguments.of("null items", "application/json", body(CUSTOMER, "null", card), 400, "items"),
                Arguments.of("empty items", "application/json", body(CUSTOMER, "[]", card), 400, "items"),
                Arguments.of("51 items", "application/json",
                        body(CUSTOMER,
                                "[" + "{\"sku\":\"KB-001\",\"quantity\":1},".repeat(50)
                                        + "{\"sku\":\"KB-001\",\"quantity\":1}]",
                                card),
                        400, "items"),
                Arguments.of("zero quantity", "application/json", body(CUSTOMER, "[{\"sku\":\"KB-001\",\"quantity\":0}]", card),
                        400, "items[0].quantity"),
                Arguments.of("negative quantity", "application/json",
                        body(CUSTOMER, "[{\"sku\":\"KB-001\",\"quantity\":-1}]", card), 400, "items[0].quantity"),
                Arguments.of("quantity as text", "application/json",
                        body(CUSTOMER, "[{\"sku\":\"KB-001\",\"quantity\":\"one\"}]", card), 400, "items[0].quantity"),
                Arguments.of("missing card", "application/json", body(CUSTOMER, items, null), 400, "cardNumber"),
                Arguments.of("non-numeric card", "application/json", body(CUSTOMER, items, "4242-4242-4242-4242"), 400,
                        "cardNumber"),
                Arguments.of("bad Luhn digit", "application/json", body(CUSTOMER, items, "4242424242424241"), 400,
                        "cardNumber"),
                Arguments.of("card as a number", "application/json",
                        "{\"customerId\":\"" + CUSTOMER + "\",\"items\":" + items + ",\"cardNumber\":4242424242424242}", 400,
                        "cardNumber"),
                Arguments.of("misspelt field", "application/json",
                        body(CUSTOMER, items, card).replace("\"cardNumber\"", "\"cardNumbr\""), 400, "cardNumbr"),
                Arguments.of("wrong content type", "text/plain", body(CUSTOMER, items, card), 415, null),
                Arguments.of("body over the limit", "application/json",
                        body(CUSTOMER, items, card).replace("}", ",\"pad\":\"" + "x".repeat(70_000) + "\"}"), 413, null));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badRequests")
    void isRejectedWithAProblemAndCreatesNoOrder(String name, String contentType, String body, int status, String field) {
        var response = given().contentType(contentType).body(body)
                .post("/api/checkout")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .body(not(containsString("4242424242424241")));
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }

        assertEquals(0, orders.forCustomer(CUSTOMER));
        assertEquals(0, Stubs.paymentAttempts());
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aMalformedIdempotencyKeyIsRejected(String key) {
        given().contentType("application/json").header("Idempotency-Key", key)
                .body(body(CUSTOMER, "[{\"sku\":\"KB-001\",\"quantity\":1}]", Stubs.GOOD_CARD))
                .post("/api/checkout")
                .then().statusCode(400)
                .body("errors.field", hasItem("idempotencyKey"));
        assertEquals(0, orders.forCustomer(CUSTOMER));
    }

    static Stream<String> badKeys() {
        return Stream.of("has spaces", "x".repeat(129), "<script>");
    }

    private static String body(String customer, String items, String card) {
        return "{" + (customer == null ? "" : "\"customerId\":\"" + customer + "\",") + "\"items\":" + items
                + (card == null ? "" : ",\"cardNumber\":\"" + card + "\"") + "}";
    }
}
