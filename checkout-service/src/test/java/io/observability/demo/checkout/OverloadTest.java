package io.observability.demo.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * More checkouts than one instance can take: turned away with a 503 and Retry-After before their order exists, never
 * a 500, never an order left half done. Small limits (two checkouts at once, a pool of four connections) so a test
 * can reach them.
 */
@QuarkusTest
@TestProfile(OverloadTest.SmallLimits.class)
class OverloadTest {

    static final int MAX_CHECKOUTS = 2;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("checkout.max-concurrent", String.valueOf(MAX_CHECKOUTS),
                    "quarkus.datasource.jdbc.max-size", "4",
                    "quarkus.datasource.jdbc.acquisition-timeout", "1s");
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    Orders orders;

    @BeforeEach
    void reset() {
        Stubs.resetToWorking(breakers);
    }

    @Test
    void checkoutsBeyondTheLimitAre503OverloadedAndCreateNoOrder() throws Exception {
        // Each of these holds its place for about 2 s: three payment attempts cut at the 500 ms test timeout.
        Stubs.paymentHangs(1_200);
        String busy = "busy-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(MAX_CHECKOUTS);
        try {
            List<Future<Response>> underWay = new ArrayList<>();
            for (int i = 0; i < MAX_CHECKOUTS; i++) {
                underWay.add(pool.submit(() -> post(Stubs.checkout(busy, Stubs.GOOD_CARD, "KB-001", 1))));
            }
            awaitCheckoutsRunning(MAX_CHECKOUTS);

            String turnedAway = "turned-away-" + UUID.randomUUID();
            assertRetryLater(post(Stubs.checkout(turnedAway, Stubs.GOOD_CARD, "KB-001", 1)), "overloaded");
            assertEquals(0, orders.forCustomer(turnedAway), "no order for a checkout turned away");

            for (Future<Response> response : underWay) {
                assertEquals(503, response.get().statusCode(), "the hung payment fails the checkouts under way");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(MAX_CHECKOUTS, orders.forCustomer(busy));

        Stubs.paymentAuthorizes();
        post(Stubs.checkout(Stubs.GOOD_CARD)).then().statusCode(201);
    }

    @Test
    void noDatabaseConnectionIs503AndChangesNothing() throws Exception {
        String customer = "no-connection-" + UUID.randomUUID();
        List<Connection> held = new ArrayList<>();
        try {
            // Every connection of the pool taken: the checkout waits its acquisition timeout for one in vain.
            for (int i = 0; i < dataSource.getConfiguration().connectionPoolConfiguration().maxSize(); i++) {
                held.add(dataSource.getConnection());
            }
            assertRetryLater(post(Stubs.checkout(customer, Stubs.GOOD_CARD, "KB-001", 1)), "database-unavailable");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertEquals(0, orders.forCustomer(customer));
        assertEquals(0, Stubs.paymentAttempts(), "nothing was charged");

        post(Stubs.checkout(customer, Stubs.GOOD_CARD, "KB-001", 1)).then().statusCode(201);
    }

    /** A 503 problem of this type, with the request's trace id, that says to retry in a second. */
    private static void assertRetryLater(Response response, String type) {
        response.then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("urn:problem-type:" + type))
                .body("traceId", matchesPattern("[0-9a-f]{32}"));
    }

    /** Waits until the bulkhead counts this many checkouts under way (its gauge, as Prometheus scrapes it). */
    private void awaitCheckoutsRunning(int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (running() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + expected + " checkouts under way, found " + running());
            }
            Thread.sleep(10);
        }
    }

    private double running() {
        Gauge gauge = registry.find("ft.bulkhead.executionsRunning")
                .tag("method", "io.observability.demo.checkout.service.CheckoutService.checkout").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/checkout");
    }
}
