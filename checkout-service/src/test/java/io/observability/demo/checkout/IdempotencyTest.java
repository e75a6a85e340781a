package io.observability.demo.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
class IdempotencyTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    Orders orders;

    @BeforeEach
    void reset() {
        Stubs.resetToWorking(breakers);
    }

    @Test
    void aRepeatedKeyReplaysTheFirstResultAndChargesOnce() {
        String key = UUID.randomUUID().toString();
        String customer = "idem-" + key;
        String body = Stubs.checkout(customer, Stubs.GOOD_CARD, "KB-001", 2);

        String first = post(key, body).then().statusCode(201).extract().path("orderId");
        String second = post(key, body).then().statusCode(201).extract().path("orderId");

        assertEquals(first, second);
        assertEquals(1, Stubs.paymentAttempts());
        assertEquals(1, orders.forCustomer(customer));
    }

    @Test
    void aRepeatedKeyReplaysAFailureToo() {
        Stubs.paymentDeclines("card_declined");
        String key = UUID.randomUUID().toString();
        String body = Stubs.checkout("idem-" + key, "4000000000000002", "KB-001", 2);

        post(key, body).then().statusCode(402).body("reason", equalTo("card_declined"));
        post(key, body).then().statusCode(402).body("reason", equalTo("card_declined"));

        assertEquals(1, Stubs.paymentAttempts());
    }

    @Test
    void aKeyReusedForAnotherRequestIsRejected() {
        String key = UUID.randomUUID().toString();
        post(key, Stubs.checkout("idem-" + key, Stubs.GOOD_CARD, "KB-001", 2)).then().statusCode(201);

        post(key, Stubs.checkout("idem-" + key, Stubs.GOOD_CARD, "KB-001", 3)).then().statusCode(422)
                .body("type", equalTo("urn:problem-type:idempotency-key-reused"));
    }

    @Test
    void racingRequestsWithOneKeyCreateOneOrderAndOneCharge() throws Exception {
        String key = UUID.randomUUID().toString();
        String customer = "race-" + key;
        String body = Stubs.checkout(customer, Stubs.GOOD_CARD, "KB-001", 2);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return post(key, body);
                }));
            }
            start.countDown();
            Set<String> orderIds = new HashSet<>();
            for (Future<Response> response : responses) {
                assertEquals(201, response.get().statusCode());
                orderIds.add(response.get().path("orderId"));
            }
            assertEquals(1, orderIds.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, orders.forCustomer(customer));
        assertEquals(1, Stubs.paymentAttempts());
    }

    private static Response post(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/checkout");
    }
}
