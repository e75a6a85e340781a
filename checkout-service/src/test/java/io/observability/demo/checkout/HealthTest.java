package io.observability.demo.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
class HealthTest {

    @TestHTTPResource(value = "health", management = true)
    URL health;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void reset() {
        Stubs.reset(breakers);
    }

    @Test
    void paymentDownShowsInWellnessButCheckoutStaysReady() {
        Stubs.inventoryWorks();
        Stubs.paymentFails();
        for (int i = 0; i < 7; i++) {
            given().contentType(ContentType.JSON).body(Stubs.checkout(Stubs.GOOD_CARD)).post("/api/checkout")
                    .then().statusCode(503);
        }

        given().get(health + "/well").then().statusCode(503)
                .body("checks.find { it.name == 'downstream services' }.data.payment-authorize", equalTo("OPEN"));
        given().get(health + "/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get(health + "/live").then().statusCode(200);
        given().get(health + "/started").then().statusCode(200);
    }

    @Test
    void allClosedIsUp() {
        given().get(health + "/well").then().statusCode(200)
                .body("checks.find { it.name == 'downstream services' }.data.inventory-reserve", equalTo("CLOSED"));
    }
}
