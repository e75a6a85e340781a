package io.observability.demo.payment.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.common.problem.Problem;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /q/chaos} on the management port only (never on the public one):
 * <ul>
 * <li>{@code GET /q/chaos}: the live settings, {@code {"failureRate":0.05,"latency":"20ms","outage":false}};</li>
 * <li>{@code PUT /q/chaos}: any subset of those members; all applied, or none when one is invalid (400);</li>
 * <li>{@code POST /q/chaos/reset}: back to the configured values.</li>
 * </ul>
 */
@ApplicationScoped
public class ChaosEndpoint {

    private static final String PATH = "/q/chaos";
    private static final String JSON = "application/json";

    private final ChaosSettings chaos;
    private final ObjectMapper json;

    ChaosEndpoint(ChaosSettings chaos, ObjectMapper json) {
        this.chaos = chaos;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get(PATH).handler(rc -> respond(rc, 200, JSON, chaos.current().toJson()));
        router.put(PATH).handler(BodyHandler.create().setBodyLimit(4096)).handler(this::update);
        router.post(PATH + "/reset").handler(rc -> respond(rc, 200, JSON, chaos.reset().toJson()));
    }

    void update(RoutingContext rc) {
        JsonNode body = readObject(rc.body().buffer());
        if (body == null) {
            invalid(rc, "The body must be a JSON object such as {\"failureRate\":0.3,\"latency\":\"800ms\",\"outage\":false}",
                    List.of());
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        UnaryOperator<ChaosState> change = UnaryOperator.identity();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String field = member.getKey();
            JsonNode value = member.getValue();
            switch (field) {
                case "failureRate" -> {
                    if (value.isNumber() && ChaosState.isValidFailureRate(value.doubleValue())) {
                        change = andThen(change, state -> state.withFailureRate(value.doubleValue()));
                    } else {
                        errors.add(new Problem.FieldError(field, ChaosState.FAILURE_RATE_RANGE));
                    }
                }
                case "latency" -> {
                    Duration latency = value.isTextual() ? parseDuration(value.textValue()) : null;
                    if (latency != null && ChaosState.isValidLatency(latency)) {
                        change = andThen(change, state -> state.withLatency(latency));
                    } else {
                        errors.add(new Problem.FieldError(field, ChaosState.LATENCY_RANGE));
                    }
                }
                case "outage" -> {
                    if (value.isBoolean()) {
                        change = andThen(change, state -> state.withOutage(value.booleanValue()));
                    } else {
                        errors.add(new Problem.FieldError(field, "must be true or false"));
                    }
                }
                default -> errors.add(new Problem.FieldError(field, "is not a known field"));
            }
        }
        if (!errors.isEmpty()) {
            invalid(rc, "The chaos settings have " + errors.size() + " invalid field(s); nothing was changed", errors);
            return;
        }
        respond(rc, 200, JSON, chaos.update(change).toJson());
    }

    private JsonNode readObject(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body.getBytes());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** "800ms", "2s", "PT0.8S": the same forms as {@code payment.chaos.latency}. */
    private static Duration parseDuration(String text) {
        try {
            return DurationConverter.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UnaryOperator<ChaosState> andThen(UnaryOperator<ChaosState> first, UnaryOperator<ChaosState> next) {
        return state -> next.apply(first.apply(state));
    }

    private void invalid(RoutingContext rc, String detail, List<Problem.FieldError> errors) {
        Problem problem = Problem.of(400, "invalid-chaos-settings", "Invalid chaos settings", detail);
        if (!errors.isEmpty()) {
            problem.withErrors(errors);
        }
        respond(rc, 400, Problem.MEDIA_TYPE, problem.body());
    }

    private void respond(RoutingContext rc, int status, String contentType, Object body) {
        try {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }
}
