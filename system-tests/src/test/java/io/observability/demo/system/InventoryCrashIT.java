package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * inventory-service killed (SIGKILL) in the middle of a burst, then started again: checkout answers designed
 * 503s meanwhile and stays live, and once inventory is back no stock is lost: reservations the crash left behind
 * expire and give their stock back, so the stock accounts exactly for the confirmed orders.
 */
@Order(6)
@ExtendWith(SystemExtension.class)
class InventoryCrashIT {

    static final int THREADS = 8;
    static final int KILL_AFTER = 40;
    static final int SUCCESSES_AFTER_RESTART = 30;
    static final int MAX_REQUESTS = 2000;
    static final Duration MAX_BURST = Duration.ofSeconds(90);

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void noStockIsLostWhenInventoryCrashesDuringABurst() throws Exception {
        long start = System.nanoTime();
        long expiredBefore = system.inventoryDb.count("select count(*) from reservation where status = 'EXPIRED'");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        List<Shop.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long deadline = System.nanoTime() + MAX_BURST.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                while (!stop.get() && System.nanoTime() < deadline) {
                    int i = sent.getAndIncrement();
                    if (i >= MAX_REQUESTS) {
                        return null;
                    }
                    Shop.Answer answer = system.shop.checkout(ConcurrencyInvariantsIT.order(i));
                    answers.add(answer);
                    if (answer.status() >= 500) {
                        Thread.sleep(200); // a customer does not hammer a failing shop
                    }
                }
                return null;
            }));
        }
        List<Integer> liveness = new ArrayList<>();
        try {
            await().atMost(MAX_BURST).pollInterval(Duration.ofMillis(20)).until(() -> answers.size() >= KILL_AFTER);
            system.inventory.kill();
            long killedAt = System.nanoTime();
            int answeredAtKill = answers.size();
            Thread.sleep(1000); // down for a moment before the liveness check
            liveness.add(ServiceProcess.get(system.checkout.managementUrl() + "/q/health/live"));
            system.inventory.start();
            Duration startup = system.inventory.awaitReady(Duration.ofSeconds(90));
            long backAt = System.nanoTime();
            liveness.add(ServiceProcess.get(system.checkout.managementUrl() + "/q/health/live"));
            int answeredAtRestart = answers.size();
            // Keep the burst going until checkouts succeed again, steadily.
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertTrue(
                    successesSince(answers, answeredAtRestart) >= SUCCESSES_AFTER_RESTART,
                    () -> SUCCESSES_AFTER_RESTART + " successful checkouts after inventory came back; statuses: "
                            + statuses(List.copyOf(answers).stream().skip(answeredAtRestart).toList())));
            long firstSuccessAfter = firstSuccessAfter(answers, answeredAtRestart, backAt);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }

            List<Shop.Answer> all = List.copyOf(answers);
            Map<Integer, Long> statuses = statuses(all);
            long expired = system.inventoryDb.count("select count(*) from reservation where status = 'EXPIRED'")
                    - expiredBefore;
            Report.scenario("inventory crash", start, Report.of(
                    "checkouts", all.size(), "threads", THREADS, "statuses", statuses,
                    "killed after", answeredAtKill + " answers",
                    "down s", String.format("%.1f", (backAt - killedAt) / 1e9),
                    "inventory restart s", String.format("%.1f", startup.toMillis() / 1000.0),
                    "first success after restart ms", firstSuccessAfter,
                    "reservations expired so far", expired));

            // Every invariant is checked and reported, even when an earlier one fails.
            assertAll("after inventory-service crashed and came back",
                    () -> Invariants.assertNoUndesigned5xx(all),
                    () -> assertEquals(List.of(200, 200), liveness, "checkout stays live while inventory is down"),
                    () -> assertTrue(all.stream().anyMatch(answer -> "inventory-unavailable".equals(answer.problemType())),
                            "the crash was felt: " + statuses),
                    () -> {
                        // Reservations the crash left RESERVED expire (TTL 10 s, checked every second) and give the
                        // stock back; then the stock accounts exactly for the confirmed orders.
                        Invariants.awaitNoActiveReservation(system, RunningSystem.RESERVATION_TTL.plusSeconds(15));
                        Invariants.assertStockAccountsForConfirmedOrders(system);
                    },
                    () -> Invariants.assertNoPendingOrder(system),
                    () -> Invariants.assertAtMostOneAuthorizationPerOrder(system));
        } finally {
            stop.set(true);
            pool.shutdownNow();
            if (!system.inventory.isAlive()) {
                system.inventory.start();
                system.inventory.awaitReady(Duration.ofSeconds(90));
            }
        }
    }

    private static long successesSince(List<Shop.Answer> answers, int from) {
        synchronized (answers) {
            return answers.subList(from, answers.size()).stream().filter(answer -> answer.status() == 201).count();
        }
    }

    /** Milliseconds from inventory being ready to the first confirmed checkout answered after it. */
    private static long firstSuccessAfter(List<Shop.Answer> answers, int from, long backAt) {
        synchronized (answers) {
            return answers.subList(from, answers.size()).stream().filter(answer -> answer.status() == 201)
                    .mapToLong(answer -> TimeUnit.NANOSECONDS.toMillis(answer.finishedAtNanos() - backAt))
                    .min().orElse(-1);
        }
    }

    private static Map<Integer, Long> statuses(List<Shop.Answer> answers) {
        synchronized (answers) {
            return answers.stream().collect(Collectors.groupingBy(Shop.Answer::status, TreeMap::new, Collectors.counting()));
        }
    }
}
