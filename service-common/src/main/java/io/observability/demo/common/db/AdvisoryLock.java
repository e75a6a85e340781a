package io.observability.demo.common.db;

import jakarta.persistence.EntityManager;

/**
 * Serialises transactions that work on one key that has no row to lock yet (an order id, an Idempotency-Key):
 * a PostgreSQL transaction-level advisory lock on the key's hash, released at commit or rollback. Two keys that
 * hash alike only wait for each other; correctness never depends on the hash.
 */
public final class AdvisoryLock {

    // count(*) gives the void function a result that every JDBC driver and Hibernate read the same way.
    private static final String LOCK = "select count(*) from pg_advisory_xact_lock(hashtext(?1))";

    private AdvisoryLock() {
    }

    /** Waits for the lock on {@code key}; call it inside the transaction it must last for. */
    public static void lockUntilCommit(EntityManager em, String key) {
        em.createNativeQuery(LOCK).setParameter(1, key).getSingleResult();
    }
}
