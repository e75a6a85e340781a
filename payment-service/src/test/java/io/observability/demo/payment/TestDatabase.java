package io.observability.demo.payment;

import io.observability.demo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every {@code @QuarkusTest} of this module shares one application and one embedded PostgreSQL. */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
