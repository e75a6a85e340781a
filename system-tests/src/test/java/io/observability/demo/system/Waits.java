package io.observability.demo.system;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: the system is eventually consistent (batched exports, scheduled jobs). */
public final class Waits {

    private Waits() {
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return whether the condition held before the timeout */
    public static boolean until(BooleanSupplier condition, Duration timeout, Duration poll) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(poll);
        }
    }

    /** Waits until the condition holds; fails with the message (given the last value) otherwise. */
    public static <T> T until(Supplier<T> value, java.util.function.Predicate<T> condition, Duration timeout,
            java.util.function.Function<T, String> message) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T current = value.get();
            if (condition.test(current)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(message.apply(current) + " (waited " + timeout.toSeconds() + " s)");
            }
            sleep(Duration.ofMillis(100));
        }
    }
}
