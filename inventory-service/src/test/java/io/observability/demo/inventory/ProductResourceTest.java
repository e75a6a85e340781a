package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProductResourceTest {

    @Test
    void listsTheSeededCatalogWithExactPrices() {
        given().get("/api/products")
                .then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(6))
                .body("find { it.sku == 'KB-001' }.price", equalTo(89.90f))
                .body("find { it.sku == 'KB-001' }.currency", equalTo("USD"));
    }

    @Test
    void getsOneProduct() {
        given().get("/api/products/MS-002")
                .then().statusCode(200)
                .body("name", equalTo("Wireless mouse"))
                .body("price", equalTo(24.50f));
    }

    @Test
    void unknownProductIsAProblemWithTheTraceId() {
        given().get("/api/products/NOPE-404")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:product-not-found"))
                .body("status", equalTo(404))
                .body("sku", equalTo("NOPE-404"))
                .body("traceId", matchesPattern("[0-9a-f]{32}"));
    }
}
