package io.observability.demo.common.chaos;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

import jakarta.validation.Validator;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.problem.Problem;
import io.quarkus.runtime.configuration.DurationConverter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A service's chaos settings, live: a record whose Bean Validation constraints are the rules, read by the failure
 * injection on every request and changed at run time on the management port:
 * <ul>
 * <li>{@code GET /q/chaos}: the settings, for example {@code {"failureRate":0.05,"latency":"20ms","outage":false}};</li>
 * <li>{@code PUT /q/chaos}: any subset of them; all applied, or none when one is invalid (a 400
 * {@code application/problem+json} naming each invalid field);</li>
 * <li>{@code POST /q/chaos/reset}: back to the configured settings.</li>
 * </ul>
 * The configured settings go through the same {@link Validator} at start. A duration reads like a Quarkus property
 * ({@code "800ms"}, {@code "2s"}, {@code "PT0.8S"}) and shows as {@code "800ms"}. Each change is logged once at INFO
 * with the old and the new settings. Vert.x routes, not JAX-RS: Quarkus REST serves the public port only.
 *
 * @param <S> the service's settings record
 */
public final class LiveChaos<S extends Record> {

    private static final Logger LOG = Logger.getLogger(LiveChaos.class);
    private static final String PATH = "/q/chaos";
    private static final int BODY_LIMIT = 4096;

    private final Class<S> type;
    private final List<String> fields;
    private final S configured;
    private final ObjectMapper json;
    private final Validator validator;
    private volatile S current;

    public LiveChaos(Class<S> type, S configured, ObjectMapper json, Validator validator) {
        this.type = type;
        this.fields = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        this.json = json.copy().registerModule(new SimpleModule()
                .addSerializer(Duration.class, new DurationWriter())
                .addDeserializer(Duration.class, new DurationReader()));
        this.validator = validator;
        List<Problem.FieldError> invalid = violations(configured);
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("Invalid chaos configuration [" + describe(configured) + "]: " + invalid);
        }
        this.configured = configured;
        this.current = configured;
    }

    public S current() {
        return current;
    }

    /**
     * A gauge of the live settings, e.g. {@code payment.chaos.failure.ratio}, which Prometheus shows as
     * {@code payment_chaos_failure_ratio}; a {@code baseUnit} of {@code "seconds"} adds {@code _seconds}.
     */
    public void gauge(MeterRegistry registry, String name, String description, String baseUnit, ToDoubleFunction<S> value) {
        Gauge.builder(name, this, live -> value.applyAsDouble(live.current()))
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }

    /** Adds the routes to the management interface's router. */
    public void register(Router router) {
        router.get(PATH).handler(rc -> respond(rc, 200, current));
        router.put(PATH).handler(BodyHandler.create().setBodyLimit(BODY_LIMIT)).handler(this::update);
        router.post(PATH + "/reset").handler(rc -> respond(rc, 200, change(configured)));
    }

    private synchronized void update(RoutingContext rc) {
        ObjectNode body = readObject(rc);
        if (body == null) {
            invalid(rc, "The body must be a JSON object such as " + json.valueToTree(current), List.of());
            return;
        }
        // Each member is read and checked alone, over the current settings, so that a 400 names every invalid one.
        List<Problem.FieldError> errors = new ArrayList<>();
        body.properties().forEach(member -> errors.addAll(check(member.getKey(), member.getValue())));
        if (!errors.isEmpty()) {
            invalid(rc, "The chaos settings have " + errors.size() + " invalid field(s); nothing was changed", errors);
            return;
        }
        respond(rc, 200, change(read(json.<ObjectNode> valueToTree(current).setAll(body))));
    }

    private List<Problem.FieldError> check(String field, JsonNode value) {
        boolean known = fields.contains(field);
        S read = known && !value.isNull() ? read(json.<ObjectNode> valueToTree(current).set(field, value)) : null;
        if (read != null) {
            return violations(read);
        }
        String rule = known ? "must be a value like " + json.valueToTree(configured).get(field)
                : "is not a known field; known: " + fields;
        return List.of(new Problem.FieldError(field, rule));
    }

    private synchronized S change(S next) {
        S old = current;
        if (!next.equals(old)) {
            current = next;
            LOG.infof("Chaos changed from [%s] to [%s]", describe(old), describe(next));
        }
        return next;
    }

    /** {@code failureRate=0.05, latency=20ms, outage=false}: what the change log line prints. */
    private String describe(S settings) {
        List<String> members = new ArrayList<>();
        json.valueToTree(settings).properties()
                .forEach(member -> members.add(member.getKey() + "=" + member.getValue().asText()));
        return String.join(", ", members);
    }

    private List<Problem.FieldError> violations(S settings) {
        return validator.validate(settings).stream()
                .map(violation -> new Problem.FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
    }

    /** The settings in this JSON object, or null when a member has the wrong type or form. */
    private S read(JsonNode settings) {
        try {
            return json.treeToValue(settings, type);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The request body, or null when it is not a JSON object. */
    private ObjectNode readObject(RoutingContext rc) {
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return json.readTree(body.getBytes()) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void invalid(RoutingContext rc, String detail, List<Problem.FieldError> errors) {
        Problem problem = Problem.of(400, "invalid-chaos-settings", "Invalid chaos settings", detail);
        respond(rc, 400, errors.isEmpty() ? problem.body() : problem.withErrors(errors).body());
    }

    private void respond(RoutingContext rc, int status, Object body) {
        try {
            rc.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, status == 200 ? "application/json" : Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(body));
        } catch (IOException e) {
            rc.fail(e);
        }
    }

    /** {@code "800ms"}: what GET shows and PUT accepts back. */
    private static final class DurationWriter extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration duration, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(duration.toMillis() + "ms");
        }
    }

    /** A JSON string in a form Quarkus configuration accepts, parsed by the same converter. */
    private static final class DurationReader extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (!in.hasToken(JsonToken.VALUE_STRING)) {
                return (Duration) context.handleUnexpectedToken(Duration.class, in);
            }
            Duration duration;
            try {
                duration = DurationConverter.parseDuration(in.getText().trim());
            } catch (IllegalArgumentException e) {
                duration = null;
            }
            if (duration == null) {
                throw context.weirdStringException(in.getText(), Duration.class, "not a duration");
            }
            return duration;
        }
    }
}
