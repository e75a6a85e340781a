package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ConcurrencyTest {

    @Inject
    Stock stock;

    @Test
    void twentyParallelReservationsForTheLastFiveUnitsNeverOversell() throws Exception {
        stock.set("LT-007", 5);
        Map<Integer, Long> statuses = race(20, i -> ReservationResourceTest.request(
                ReservationResourceTest.orderId(), "LT-007", 1));

        assertEquals(Map.of(201, 5L, 409, 15L), statuses);
        assertEquals(0, stock.available("LT-007"));
    }

    @Test
    void racingRequestsForOneOrderReserveOnce() throws Exception {
        int cables = stock.available("CB-005");
        String orderId = ReservationResourceTest.orderId();

        Map<Integer, Long> statuses = race(12, i -> ReservationResourceTest.request(orderId, "CB-005", 2));

        assertEquals(12L, statuses.getOrDefault(201, 0L) + statuses.getOrDefault(200, 0L), statuses.toString());
        assertEquals(1L, statuses.get(201), "exactly one request created the reservation");
        assertEquals(cables - 2, stock.available("CB-005"));
        assertEquals(1, stock.reservations(orderId));
    }

    /** Sends the requests at once from as many threads, and counts the responses by status. */
    private static Map<Integer, Long> race(int requests, Function<Integer, String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String json = body.apply(i);
                Callable<Integer> call = () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(json).post("/api/reservations").statusCode();
                };
                responses.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> response : responses) {
                statuses.add(response.get());
            }
            return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }
}
