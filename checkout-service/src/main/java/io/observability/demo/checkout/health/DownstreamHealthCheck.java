package io.observability.demo.checkout.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.observability.demo.checkout.client.InventoryClient;
import io.observability.demo.checkout.client.PaymentClient;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.Wellness;

/**
 * How checkout sees its downstream services, from its circuit breakers: DOWN while any breaker is open.
 * A wellness check ({@code /q/health/well}), deliberately not a readiness check: a sick payment-service must not
 * take checkout out of rotation too, since checkout still answers fast, clear 503s and serves orders.
 */
@Wellness
@ApplicationScoped
public class DownstreamHealthCheck implements HealthCheck {

    private static final List<String> BREAKERS = List.of(
            InventoryClient.RESERVE_BREAKER, InventoryClient.CONFIRM_BREAKER, PaymentClient.AUTHORIZE_BREAKER);

    private final CircuitBreakerMaintenance breakers;

    DownstreamHealthCheck(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("downstream services").up();
        for (String breaker : BREAKERS) {
            CircuitBreakerState state = breakers.currentState(breaker);
            response.withData(breaker, state.name());
            if (state == CircuitBreakerState.OPEN) {
                response.down();
            }
        }
        return response.build();
    }
}
