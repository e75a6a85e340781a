package io.observability.demo.common.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.common.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The chaos routes of a service, on its management port only (never on the public one):
 * <ul>
 * <li>{@code GET /q/chaos}: the live values, for example {@code {"failureRate":0.05,"latency":"20ms","outage":false}};</li>
 * <li>{@code PUT /q/chaos}: any subset of those members; all applied, or none when one is invalid (a 400
 * {@code application/problem+json} naming each invalid field);</li>
 * <li>{@code POST /q/chaos/reset}: back to the configured values.</li>
 * </ul>
 * Register them from a bean that observes {@code io.quarkus.vertx.http.ManagementInterface}:
 * <pre>{@code
 * void register(@Observes ManagementInterface management, MyChaos chaos, ObjectMapper json) {
 *     ChaosRoutes.register(management.router(), chaos.live(), List.of(ChaosField.duration(...)), json);
 * }
 * }</pre>
 *
 * @param <S> the service's {@link ChaosValues} record
 */
public final class ChaosRoutes<S extends ChaosValues> {

    public static final String PATH = "/q/chaos";
    private static final String JSON = "application/json";
    private static final int BODY_LIMIT = 4096;

    private final LiveChaos<S> chaos;
    private final Map<String, ChaosField<S>> fields = new LinkedHashMap<>();
    private final ObjectMapper json;

    private ChaosRoutes(LiveChaos<S> chaos, List<ChaosField<S>> fields, ObjectMapper json) {
        this.chaos = chaos;
        fields.forEach(field -> this.fields.put(field.name(), field));
        this.json = json;
    }

    public static <S extends ChaosValues> void register(Router router, LiveChaos<S> chaos, List<ChaosField<S>> fields,
            ObjectMapper json) {
        ChaosRoutes<S> routes = new ChaosRoutes<>(chaos, fields, json);
        router.get(PATH).handler(rc -> routes.respond(rc, 200, JSON, chaos.current().toJson()));
        router.put(PATH).handler(BodyHandler.create().setBodyLimit(BODY_LIMIT)).handler(routes::update);
        router.post(PATH + "/reset").handler(rc -> routes.respond(rc, 200, JSON, chaos.reset().toJson()));
    }

    void update(RoutingContext rc) {
        JsonNode body = readObject(rc.body().buffer());
        if (body == null) {
            invalid(rc, "The body must be a JSON object such as " + example(), List.of());
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        UnaryOperator<S> change = UnaryOperator.identity();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            ChaosField<S> field = fields.get(member.getKey());
            if (field == null) {
                errors.add(new Problem.FieldError(member.getKey(), "is not a known field; known: " + fields.keySet()));
                continue;
            }
            Optional<UnaryOperator<S>> next = field.read(member.getValue());
            if (next.isEmpty()) {
                errors.add(new Problem.FieldError(field.name(), field.rule()));
                continue;
            }
            UnaryOperator<S> before = change;
            change = state -> next.get().apply(before.apply(state));
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

    private String example() {
        try {
            return json.writeValueAsString(chaos.current().toJson());
        } catch (JsonProcessingException e) {
            return String.valueOf(chaos.current().toJson());
        }
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
