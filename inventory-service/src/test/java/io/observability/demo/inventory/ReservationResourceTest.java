package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.observability.demo.inventory.service.ReservationExpiry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ReservationResourceTest {

    @Inject
    Stock stock;

    @Inject
    ReservationExpiry expiry;

    @Test
    void reservesAllItemsWithPricesAndTakesTheStock() {
        int keyboards = stock.available("KB-001");
        int cables = stock.available("CB-005");

        given().contentType(ContentType.JSON)
                .body(request(orderId(), "KB-001", 2, "CB-005", 3))
                .post("/api/reservations")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("status", equalTo("RESERVED"))
                .body("items.sku", hasItems("KB-001", "CB-005"))
                .body("items.find { it.sku == 'KB-001' }.unitPrice", equalTo(89.90f))
                .body("total", equalTo(209.77f)) // 2 x 89.90 + 3 x 9.99, exact
                .body("currency", equalTo("USD"))
                .body("expiresAt", notNullValue());

        assertEquals(keyboards - 2, stock.available("KB-001"));
        assertEquals(cables - 3, stock.available("CB-005"));
    }

    @Test
    void sameSkuTwiceIsOneLine() {
        given().contentType(ContentType.JSON)
                .body(request(orderId(), "MS-002", 1, "MS-002", 2))
                .post("/api/reservations")
                .then().statusCode(201)
                .body("items.size()", equalTo(1))
                .body("items[0].quantity", equalTo(3));
    }

    @Test
    void aRepeatForTheSameOrderReturnsTheFirstReservationAndTakesNoMoreStock() {
        String orderId = orderId();
        String id = reserve(orderId, "HS-004", 1);
        int headsets = stock.available("HS-004");

        given().contentType(ContentType.JSON)
                .body(request(orderId, "HS-004", 1))
                .post("/api/reservations")
                .then().statusCode(200)
                .body("id", equalTo(id));
        assertEquals(headsets, stock.available("HS-004"));
    }

    @Test
    void outOfStockReservesNothingAtAll() {
        stock.set("LT-007", 3);
        int monitors = stock.available("MN-003");
        String orderId = orderId();

        given().contentType(ContentType.JSON)
                .body(request(orderId, "MN-003", 1, "LT-007", 4))
                .post("/api/reservations")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:out-of-stock"))
                .body("sku", equalTo("LT-007"));

        assertEquals(monitors, stock.available("MN-003"), "the monitor taken first was given back");
        assertEquals(3, stock.available("LT-007"));
        assertEquals(0, stock.reservations(orderId));
    }

    @Test
    void unknownSkuIs422AndReservesNothing() {
        int docks = stock.available("DK-006");
        String orderId = orderId();

        given().contentType(ContentType.JSON)
                .body(request(orderId, "DK-006", 1, "NO-SUCH", 1))
                .post("/api/reservations")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:unknown-product"))
                .body("skus", hasItems("NO-SUCH"));

        assertEquals(docks, stock.available("DK-006"));
        assertEquals(0, stock.reservations(orderId));
    }

    @Test
    void confirmKeepsTheStockSoldAndIsIdempotent() {
        int docks = stock.available("DK-006");
        String id = reserve(orderId(), "DK-006", 2);

        given().post("/api/reservations/{id}/confirm", id).then().statusCode(200).body("status", equalTo("CONFIRMED"));
        given().post("/api/reservations/{id}/confirm", id).then().statusCode(200).body("status", equalTo("CONFIRMED"));

        assertEquals(docks - 2, stock.available("DK-006"));
    }

    @Test
    void releaseGivesTheStockBackOnceAndIsIdempotent() {
        int mice = stock.available("MS-002");
        String id = reserve(orderId(), "MS-002", 4);
        assertEquals(mice - 4, stock.available("MS-002"));

        given().delete("/api/reservations/{id}", id).then().statusCode(204);
        given().delete("/api/reservations/{id}", id).then().statusCode(204);

        assertEquals(mice, stock.available("MS-002"));
        given().get("/api/reservations/{id}", id).then().statusCode(200).body("status", equalTo("RELEASED"));
        given().post("/api/reservations/{id}/confirm", id)
                .then().statusCode(409)
                .body("type", equalTo("urn:problem-type:reservation-not-active"));
    }

    @Test
    void releasingAConfirmedReservationCompensatesTheOrder() {
        int cables = stock.available("CB-005");
        String id = reserve(orderId(), "CB-005", 5);
        given().post("/api/reservations/{id}/confirm", id).then().statusCode(200);

        given().delete("/api/reservations/{id}", id).then().statusCode(204);

        assertEquals(cables, stock.available("CB-005"));
    }

    @Test
    void unknownReservationIs404() {
        UUID id = UUID.randomUUID();
        given().post("/api/reservations/{id}/confirm", id).then().statusCode(404)
                .body("type", equalTo("urn:problem-type:reservation-not-found"));
        given().delete("/api/reservations/{id}", id).then().statusCode(404);
        given().get("/api/reservations/{id}", id).then().statusCode(404);
    }

    @Test
    void overdueReservationsExpireAndGiveTheirStockBack() {
        int monitors = stock.available("MN-003");
        String id = reserve(orderId(), "MN-003", 3);
        stock.backdate(id);

        expiry.expireOverdue();

        given().get("/api/reservations/{id}", id).then().statusCode(200).body("status", equalTo("EXPIRED"));
        assertEquals(monitors, stock.available("MN-003"));
        // An expired reservation can no longer be confirmed; releasing it again changes nothing.
        given().post("/api/reservations/{id}/confirm", id).then().statusCode(409);
        given().delete("/api/reservations/{id}", id).then().statusCode(204);
        assertEquals(monitors, stock.available("MN-003"));
    }

    static String reserve(String orderId, String sku, int quantity) {
        return given().contentType(ContentType.JSON)
                .body(request(orderId, sku, quantity))
                .post("/api/reservations")
                .then().statusCode(201)
                .extract().path("id");
    }

    static String orderId() {
        return "order-" + UUID.randomUUID();
    }

    static String request(String orderId, Object... skuAndQuantity) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"sku\":\"").append(skuAndQuantity[i]).append("\",\"quantity\":")
                    .append(skuAndQuantity[i + 1]).append('}');
        }
        return "{\"orderId\":\"" + orderId + "\",\"items\":[" + items + "]}";
    }
}
