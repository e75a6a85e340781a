package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Whatever a client sends, it gets a 4xx problem naming the failing field, never a 500, and nothing is stored. */
@QuarkusTest
class BadInputTest {

    private static final String JSON = "application/json";
    private static final String VALID_CARD = "4242424242424242";
    private static final String BAD_LUHN_CARD = "4242424242424241";

    @Inject
    PaymentRows rows;

    /** {@code {orderId}} in a body becomes a fresh order id; {@code field} is null when no field is to blame. */
    record Case(String name, String contentType, String body, int status, String field) {

        static Case of(String name, String body, int status, String field) {
            return new Case(name, JSON, body, status, field);
        }

        /** A valid request with one member replaced (or removed, when {@code json} is null). */
        static Case member(String name, String member, String json, String field) {
            String orderId = member.equals("orderId") ? json : "\"{orderId}\"";
            String amount = member.equals("amount") ? json : "49.90";
            String currency = member.equals("currency") ? json : "\"EUR\"";
            String card = member.equals("cardNumber") ? json : "\"" + VALID_CARD + "\"";
            StringBuilder body = new StringBuilder("{");
            append(body, "orderId", orderId);
            append(body, "amount", amount);
            append(body, "currency", currency);
            append(body, "cardNumber", card);
            return of(name, body.append('}').toString(), 400, field);
        }

        private static void append(StringBuilder body, String name, String json) {
            if (json != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(name).append("\":").append(json);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badRequests() {
        String valid = "{\"orderId\":\"{orderId}\",\"amount\":49.90,\"currency\":\"EUR\",\"cardNumber\":\"" + VALID_CARD + "\"";
        return Stream.of(
                Case.of("malformed JSON", "{\"orderId\":\"{orderId}\",\"amount\":", 400, null),
                Case.of("empty body", "", 400, "body"),
                Case.of("array instead of object", "[1,2]", 400, "body"),
                Case.of("unknown field", valid + ",\"cvv\":\"123\"}", 400, "cvv"),
                Case.member("missing orderId", "orderId", null, "orderId"),
                Case.member("blank orderId", "orderId", "\"  \"", "orderId"),
                Case.member("orderId too long", "orderId", "\"" + "x".repeat(65) + "\"", "orderId"),
                Case.member("orderId with unsafe characters", "orderId", "\"order <1>\"", "orderId"),
                Case.member("orderId of the wrong type", "orderId", "{\"id\":1}", "orderId"),
                Case.member("missing amount", "amount", null, "amount"),
                Case.member("null amount", "amount", "null", "amount"),
                Case.member("amount not a number", "amount", "\"abc\"", "amount"),
                Case.member("amount a boolean", "amount", "true", "amount"),
                Case.member("negative amount", "amount", "-5.00", "amount"),
                Case.member("zero amount", "amount", "0", "amount"),
                Case.member("amount with 3 decimals", "amount", "10.001", "amount"),
                Case.member("amount over 1,000,000", "amount", "1000000.01", "amount"),
                Case.member("missing currency", "currency", null, "currency"),
                Case.member("lower-case currency", "currency", "\"eur\"", "currency"),
                Case.member("missing cardNumber", "cardNumber", null, "cardNumber"),
                Case.member("null cardNumber", "cardNumber", "null", "cardNumber"),
                Case.member("non-numeric cardNumber", "cardNumber", "\"4242-4242-4242-4242\"", "cardNumber"),
                Case.member("cardNumber with a bad check digit", "cardNumber", "\"" + BAD_LUHN_CARD + "\"", "cardNumber"),
                Case.member("cardNumber too short", "cardNumber", "\"42424242424\"", "cardNumber"),
                Case.member("cardNumber too long", "cardNumber", "\"42424242424242424242\"", "cardNumber"),
                new Case("text/plain content", "text/plain",
                        valid + "}", 415, null),
                Case.of("body over 64K", valid + ",\"padding\":\"" + "x".repeat(70_000) + "\"}", 413, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithAProblemAndStoresNothing(Case bad) {
        String orderId = newOrderId();
        ValidatableResponse response = given()
                .contentType(bad.contentType())
                .body(bad.body().replace("{orderId}", orderId))
                .when().post("/api/payments")
                .then()
                .statusCode(bad.status())
                .contentType("application/problem+json")
                .body("status", is(bad.status()))
                // Neither the card of the request nor the one with a bad check digit is echoed.
                .body(not(containsString(VALID_CARD)))
                .body(not(containsString(BAD_LUHN_CARD)));
        if (bad.field() != null) {
            response.body("errors.field", hasItem(bad.field()));
        }
        assertEquals(0, rows.count(orderId), "nothing stored");
    }
}
