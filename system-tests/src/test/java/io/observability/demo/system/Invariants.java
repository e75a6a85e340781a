package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The system-wide truths that must hold whatever the load and whatever failed. */
final class Invariants {

    private Invariants() {
    }

    /** Statuses a checkout may answer; a 5xx is allowed only as a documented 503 problem. */
    static Map<Integer, Long> assertNoUndesigned5xx(List<Shop.Answer> answers) {
        List<Shop.Answer> bad = answers.stream()
                .filter(answer -> answer.status() < 0 || (answer.status() >= 500 && !answer.isDesigned503()))
                .toList();
        assertEquals(List.of(), bad, "no 5xx but designed 503 problems, no transport error");
        return answers.stream().collect(Collectors.groupingBy(Shop.Answer::status, TreeMap::new, Collectors.counting()));
    }

    /** Waits for every reservation to be confirmed, released or expired (the expiry job runs every second). */
    static void awaitNoActiveReservation(RunningSystem system, Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> assertEquals(0, system.activeReservations(),
                "reservations still RESERVED"));
    }

    /**
     * Per sku: initial stock minus available stock equals the units of confirmed orders, both as checkout's
     * database records them and as the customers saw them (201 answers). A mismatch names the orders behind it.
     */
    static Map<String, Long> assertStockAccountsForConfirmedOrders(RunningSystem system) {
        Map<String, Long> initial = system.initialStock();
        Map<String, Long> available = system.availableStock();
        Map<String, Long> taken = new TreeMap<>();
        initial.forEach((sku, units) -> {
            long gone = units - available.getOrDefault(sku, 0L);
            if (gone != 0) {
                taken.put(sku, gone);
            }
        });
        Map<String, Long> confirmed = new TreeMap<>(system.confirmedUnits());
        Map<String, Long> seen = new TreeMap<>(system.shop.confirmedUnits());
        if (!taken.equals(confirmed)) {
            throw new AssertionError("stock taken per sku " + taken + " != units of CONFIRMED orders " + confirmed
                    + "\n" + stockDiagnosis(system));
        }
        assertEquals(confirmed, seen, "units of CONFIRMED orders (checkout db) vs confirmed answers customers got");
        return taken;
    }

    /** Orders whose reservation holds stock although the order failed: the ways stock can be lost. */
    static String stockDiagnosis(RunningSystem system) {
        Map<String, String> reservations = new TreeMap<>();
        system.inventoryDb.rows("select order_id, status from reservation where status in ('CONFIRMED', 'RESERVED')")
                .forEach(row -> reservations.put(String.valueOf(row.get("order_id")), String.valueOf(row.get("status"))));
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> order : system.checkoutDb.rows(
                "select id, status, failure_reason, failure_detail from orders where status <> 'CONFIRMED'")) {
            String held = reservations.get(String.valueOf(order.get("id")));
            if (held != null) {
                out.append("order ").append(order.get("id")).append(' ').append(order.get("status")).append(' ')
                        .append(order.get("failure_reason")).append(" (").append(order.get("failure_detail"))
                        .append(") but its reservation is ").append(held).append('\n');
            }
        }
        Set<String> confirmedOrders = new HashSet<>(system.checkoutDb.rows("select id from orders where status = 'CONFIRMED'")
                .stream().map(row -> String.valueOf(row.get("id"))).toList());
        reservations.forEach((orderId, status) -> {
            if (status.equals("CONFIRMED") && !confirmedOrders.contains(orderId)
                    && system.checkoutDb.count("select count(*) from orders where id = cast(? as uuid)", orderId) == 0) {
                out.append("reservation of unknown order ").append(orderId).append(" is CONFIRMED\n");
            }
        });
        return out.length() == 0 ? "(no failed order holds a reservation)" : out.toString();
    }

    /** At most one AUTHORIZED payment per order, and each confirmed order's payment is one of them. */
    static long assertAtMostOneAuthorizationPerOrder(RunningSystem system) {
        assertEquals(List.of(), system.paymentDb.rows("""
                select order_id, count(*) as payments from payment where status = 'AUTHORIZED'
                group by order_id having count(*) > 1"""), "orders authorized more than once");
        Map<String, String> authorized = new TreeMap<>();
        system.paymentDb.rows("select order_id, cast(id as text) as id from payment where status = 'AUTHORIZED'")
                .forEach(row -> authorized.put(String.valueOf(row.get("order_id")), String.valueOf(row.get("id"))));
        List<Map<String, Object>> confirmed = system.checkoutDb.rows(
                "select cast(id as text) as id, payment_id from orders where status = 'CONFIRMED'");
        for (Map<String, Object> order : confirmed) {
            assertEquals(authorized.get(String.valueOf(order.get("id"))), String.valueOf(order.get("payment_id")),
                    "the payment of confirmed order " + order.get("id"));
        }
        return authorized.size();
    }

    static void assertNoPendingOrder(RunningSystem system) {
        assertEquals(List.of(), system.checkoutDb.rows(
                "select cast(id as text) as id, reservation_id, created_at from orders where status = 'PENDING'"),
                "every checkout finished its order (none left PENDING)");
    }
}
