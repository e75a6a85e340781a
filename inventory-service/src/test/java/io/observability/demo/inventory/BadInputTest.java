package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

/** Every kind of bad request gets a 4xx problem, never a 500, and reserves nothing. */
@QuarkusTest
class BadInputTest {

    private static final String ORDER = "bad-input-order";

    @Inject
    Stock stock;

    static Stream<Arguments> badRequests() {
        String item = "{\"sku\":\"KB-001\",\"quantity\":1}";
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"orderId\":", 400, null),
                Arguments.of("empty body", "application/json", "", 400, "body"),
                Arguments.of("JSON null", "application/json", "null", 400, "body"),
                Arguments.of("array instead of object", "application/json", "[]", 400, "body"),
                Arguments.of("missing orderId", "application/json", "{\"items\":[" + item + "]}", 400, "orderId"),
                Arguments.of("blank orderId", "application/json", "{\"orderId\":\" \",\"items\":[" + item + "]}", 400,
                        "orderId"),
                Arguments.of("orderId with unsafe characters", "application/json",
                        "{\"orderId\":\"a b<\",\"items\":[" + item + "]}", 400, "orderId"),
                Arguments.of("missing items", "application/json", "{\"orderId\":\"" + ORDER + "\"}", 400, "items"),
                Arguments.of("empty items", "application/json", "{\"orderId\":\"" + ORDER + "\",\"items\":[]}", 400, "items"),
                Arguments.of("too many items", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[" + (item + ",").repeat(50) + item + "]}", 400, "items"),
                Arguments.of("null item", "application/json", "{\"orderId\":\"" + ORDER + "\",\"items\":[null]}", 400,
                        "items[0]"),
                Arguments.of("items not an array", "application/json", "{\"orderId\":\"" + ORDER + "\",\"items\":{}}", 400,
                        "items"),
                Arguments.of("zero quantity", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":0}]}", 400,
                        "items[0].quantity"),
                Arguments.of("negative quantity", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":-3}]}", 400,
                        "items[0].quantity"),
                Arguments.of("fractional quantity", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":1.5}]}", 400,
                        "items[0].quantity"),
                Arguments.of("quantity as text", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":\"two\"}]}", 400,
                        "items[0].quantity"),
                Arguments.of("huge quantity", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":99999999999}]}", 400,
                        "items[0].quantity"),
                Arguments.of("missing sku", "application/json", "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"quantity\":1}]}",
                        400, "items[0].sku"),
                Arguments.of("misspelt field", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"items\":[{\"sku\":\"KB-001\",\"quantitiy\":1}]}", 400,
                        "items[0].quantitiy"),
                Arguments.of("wrong content type", "text/plain", "{\"orderId\":\"" + ORDER + "\",\"items\":[" + item + "]}",
                        415, null),
                Arguments.of("body over the limit", "application/json",
                        "{\"orderId\":\"" + ORDER + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}", 413, null));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badRequests")
    void isRejectedWithAProblemAndChangesNothing(String name, String contentType, String body, int status, String field) {
        int keyboards = stock.available("KB-001");

        var response = given().contentType(contentType).body(body)
                .post("/api/reservations")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("traceId", matchesPattern("[0-9a-f]{32}"));
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }

        assertEquals(keyboards, stock.available("KB-001"));
        assertEquals(0, stock.reservations(ORDER));
    }
}
