package io.observability.demo.inventory;

import io.observability.demo.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** One embedded PostgreSQL for every test class of this module (a global test resource). */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
public final class PostgresProfile {
    private PostgresProfile() {
    }
}
