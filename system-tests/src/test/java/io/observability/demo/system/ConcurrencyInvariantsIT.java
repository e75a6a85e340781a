package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invariants under a concurrent burst of mixed checkouts, and under requests racing with one Idempotency-Key:
 * no 5xx but the designed 503s, stock that accounts exactly for the confirmed orders, at most one authorized
 * payment per order, one order per key.
 */
@Order(4)
@ExtendWith(SystemExtension.class)
class ConcurrencyInvariantsIT {

    static final int BURST = 300;
    static final int THREADS = 16;
    static final int KEYS = 10;
    static final int RACERS = 8;

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void aBurstOfMixedCheckoutsKeepsStockAndPaymentsConsistent() {
        long start = System.nanoTime();
        Metrics before = Metrics.scrape(system.checkout);
        List<Shop.Answer> answers = system.shop.burst(BURST, THREADS, i -> system.shop.checkout(order(i)));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<Integer, Long> statuses = Invariants.assertNoUndesigned5xx(answers);
        Map<String, Long> outcomes = answers.stream().collect(Collectors.groupingBy(
                answer -> String.valueOf(answer.outcome()), TreeMap::new, Collectors.counting()));
        assertTrue(statuses.getOrDefault(201, 0L) > BURST / 2, "most checkouts confirmed: " + statuses);
        assertTrue(outcomes.containsKey("out_of_stock"), "the scarce product ran out: " + outcomes);

        Invariants.awaitNoActiveReservation(system, Duration.ofSeconds(20));
        Invariants.assertNoPendingOrder(system);
        Map<String, Long> taken = Invariants.assertStockAccountsForConfirmedOrders(system);
        assertTrue(system.availableStock().values().stream().allMatch(units -> units >= 0), "never oversold");
        long authorized = Invariants.assertAtMostOneAuthorizationPerOrder(system);
        assertEquals(system.checkoutDb.count("select count(*) from orders where status = 'CONFIRMED'"), authorized,
                "without faults, exactly the confirmed orders hold an authorized payment");

        // Prometheus sees the same: the outcome counters moved by the burst's outcomes, and the stock gauge
        // reads what the database holds.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(BURST,
                Metrics.scrape(system.checkout).sum("checkout_orders_total", sample -> true)
                        - before.sum("checkout_orders_total", sample -> true),
                "checkout_orders_total moved by"));
        Metrics after = Metrics.scrape(system.checkout);
        outcomes.forEach((outcome, count) -> assertEquals(count.doubleValue(),
                after.value("checkout_orders_total", "outcome", outcome)
                        - before.value("checkout_orders_total", "outcome", outcome),
                "checkout_orders_total{outcome=\"" + outcome + "\"}"));
        Map<String, Long> available = system.availableStock();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Metrics metrics = Metrics.scrape(system.inventory);
            available.forEach((sku, units) -> assertEquals(units.doubleValue(),
                    metrics.value("inventory_stock_available", "sku", sku),
                    "inventory_stock_available{sku=\"" + sku + "\"}, the database holding " + available));
        });

        List<Long> latencies = answers.stream().map(Shop.Answer::millis).sorted().toList();
        Report.scenario("burst", start, Report.of(
                "checkouts", BURST, "threads", THREADS, "per second", Math.round(BURST / seconds),
                "statuses", statuses, "outcomes", outcomes, "units taken", taken,
                "latency ms p50/p95/max", latencies.get(latencies.size() / 2) + "/"
                        + latencies.get((int) (latencies.size() * 0.95)) + "/" + latencies.get(latencies.size() - 1)));
    }

    @Test
    void requestsRacingWithOneIdempotencyKeyCreateOneOrder() {
        long start = System.nanoTime();
        Metrics before = Metrics.scrape(system.checkout);
        List<String> keys = new ArrayList<>();
        Map<String, Shop.Order> orders = new LinkedHashMap<>();
        Map<String, CyclicBarrier> gates = new ConcurrentHashMap<>();
        for (int k = 0; k < KEYS; k++) {
            String key = "race-" + k + "-" + UUID.randomUUID();
            keys.add(key);
            orders.put(key, Shop.Order.of(Shop.APPROVED, Shop.PLENTIFUL.get(k % Shop.PLENTIFUL.size()), 1));
            gates.put(key, new CyclicBarrier(RACERS));
        }
        // RACERS requests per key, released together by a barrier, two keys at a time on 16 threads.
        List<Shop.Answer> answers = system.shop.burst(KEYS * RACERS, 2 * RACERS, i -> {
            String key = keys.get(i / RACERS);
            try {
                gates.get(key).await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("racers of " + key + " never met", e);
            }
            return system.shop.checkout(orders.get(key), key, Map.of());
        });

        Invariants.assertNoUndesigned5xx(answers);
        Map<String, List<Shop.Answer>> byKey = answers.stream().collect(Collectors.groupingBy(Shop.Answer::idempotencyKey));
        for (String key : keys) {
            List<Shop.Answer> racers = byKey.get(key);
            Set<String> orderIds = racers.stream().map(Shop.Answer::orderId).collect(Collectors.toSet());
            assertEquals(1, orderIds.size(), "one order for key " + key + ": " + racers);
            assertEquals(Set.of(201), racers.stream().map(Shop.Answer::status).collect(Collectors.toSet()),
                    "every racer gets the confirmed order: " + racers);
            assertEquals(1, system.checkoutDb.count("select count(*) from orders where idempotency_key = ?", key),
                    "orders rows for key " + key);
            String orderId = orderIds.iterator().next();
            assertEquals(1, system.paymentDb.count("select count(*) from payment where order_id = ?", orderId),
                    "payments of order " + orderId);
            assertEquals(1, system.inventoryDb.count("select count(*) from reservation where order_id = ?", orderId),
                    "reservations of order " + orderId);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(KEYS * (RACERS - 1),
                Metrics.scrape(system.checkout).sum("checkout_idempotent_replays_total", sample -> true)
                        - before.sum("checkout_idempotent_replays_total", sample -> true),
                "checkout_idempotent_replays_total moved by"));
        Metrics after = Metrics.scrape(system.checkout);
        assertEquals(KEYS, after.value("checkout_orders_total", "outcome", "confirmed")
                - before.value("checkout_orders_total", "outcome", "confirmed"), "each key's order counted once");
        Invariants.assertAtMostOneAuthorizationPerOrder(system);
        Invariants.assertStockAccountsForConfirmedOrders(system);

        List<Long> latencies = new ArrayList<>(answers.stream().map(Shop.Answer::millis).toList());
        Collections.sort(latencies);
        Report.scenario("idempotency race", start, Report.of("keys", KEYS, "requests per key", RACERS,
                "orders created", KEYS, "replays", KEYS * (RACERS - 1), "max ms", latencies.get(latencies.size() - 1)));
    }

    /** The burst's mix: 70% approved, 10% declined, 5% insufficient funds, 5% gateway errors, 10% scarce product. */
    static Shop.Order order(int i) {
        String sku = Shop.PLENTIFUL.get(i % Shop.PLENTIFUL.size());
        int quantity = 1 + i % 3;
        return switch (i % 20) {
            case 14, 15 -> Shop.Order.of(Shop.DECLINED, sku, quantity);
            case 16 -> Shop.Order.of(Shop.INSUFFICIENT_FUNDS, sku, quantity);
            case 17 -> Shop.Order.of(Shop.GATEWAY_ERROR, sku, quantity);
            case 18, 19 -> Shop.Order.of(Shop.APPROVED, Shop.SCARCE, 2);
            case 13 -> new Shop.Order("customer-multi-" + i, List.of(new Shop.Line("KB-001", 1), new Shop.Line("CB-005", 2),
                    new Shop.Line(sku, 1)), Shop.APPROVED);
            default -> Shop.Order.of(Shop.APPROVED, sku, quantity);
        };
    }
}
