package io.observability.demo.payment.chaos;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.common.chaos.ChaosField;
import io.observability.demo.common.chaos.ChaosRoutes;
import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /q/chaos} on the management port only (never on the public one), with service-common's
 * {@link ChaosRoutes}:
 * <ul>
 * <li>{@code GET /q/chaos}: the live settings, {@code {"failureRate":0.05,"latency":"20ms","outage":false}};</li>
 * <li>{@code PUT /q/chaos}: any subset of those members; all applied, or none when one is invalid (400);</li>
 * <li>{@code POST /q/chaos/reset}: back to the configured values.</li>
 * </ul>
 */
@ApplicationScoped
public class ChaosEndpoint {

    void register(@Observes ManagementInterface management, ChaosSettings chaos, ObjectMapper json) {
        ChaosRoutes.register(management.router(), chaos.live(), List.of(
                ChaosField.ratio("failureRate", ChaosState::withFailureRate),
                ChaosField.duration("latency", ChaosState.MAX_LATENCY, ChaosState::withLatency),
                ChaosField.flag("outage", ChaosState::withOutage)), json);
    }
}
