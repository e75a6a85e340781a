package io.observability.demo.payment;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;

/** Requests the tests send, with an order id of their own so that tests sharing the app never collide. */
final class PaymentApi {

    static final String APPROVED_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";
    static final String INSUFFICIENT_FUNDS_CARD = "4000000000009995";
    static final String UNAVAILABLE_CARD = "4000000000000119";
    /** Not a test card: subject to the chaos failure rate. */
    static final String OTHER_CARD = "5555555555554444";

    /** Money is exact: read JSON numbers as BigDecimal, so 49.90 is not 49.9f. */
    static final RestAssuredConfig EXACT_NUMBERS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.BIG_DECIMAL));

    private PaymentApi() {
    }

    static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    static String body(String orderId, String cardNumber) {
        return """
                {"orderId":"%s","amount":49.90,"currency":"EUR","cardNumber":"%s"}""".formatted(orderId, cardNumber);
    }

    static ValidatableResponse authorize(String orderId, String cardNumber) {
        return given().config(EXACT_NUMBERS).contentType(ContentType.JSON).body(body(orderId, cardNumber))
                .when().post("/api/payments")
                .then();
    }
}
