package io.observability.demo.common.chaos;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One member of the {@code PUT /q/chaos} body: its name, the rule a valid value follows, and how a valid value
 * changes the chaos values.
 *
 * @param <S> the service's {@link ChaosValues} record
 */
public final class ChaosField<S extends ChaosValues> {

    public static final String RATIO_RULE = "must be a number between 0 and 1";
    public static final String FLAG_RULE = "must be true or false";

    private final String name;
    private final String rule;
    private final Function<JsonNode, Optional<UnaryOperator<S>>> reader;

    private ChaosField(String name, String rule, Function<JsonNode, Optional<UnaryOperator<S>>> reader) {
        this.name = name;
        this.rule = rule;
        this.reader = reader;
    }

    /** A share such as a failure rate: a JSON number from 0 to 1. */
    public static <S extends ChaosValues> ChaosField<S> ratio(String name, BiFunction<S, Double, S> with) {
        return new ChaosField<>(name, RATIO_RULE, value -> value.isNumber() && isRatio(value.doubleValue())
                ? Optional.of(state -> with.apply(state, value.doubleValue()))
                : Optional.empty());
    }

    /** A duration such as an added latency: a JSON string in one of the {@link ChaosDurations} forms, up to max. */
    public static <S extends ChaosValues> ChaosField<S> duration(String name, Duration max, BiFunction<S, Duration, S> with) {
        return new ChaosField<>(name, ChaosDurations.rule(max), value -> (value.isTextual()
                ? ChaosDurations.parse(value.textValue()) : Optional.<Duration> empty())
                .filter(duration -> ChaosDurations.isWithin(duration, max))
                .map(duration -> state -> with.apply(state, duration)));
    }

    /** A switch such as a full outage: a JSON boolean. */
    public static <S extends ChaosValues> ChaosField<S> flag(String name, BiFunction<S, Boolean, S> with) {
        return new ChaosField<>(name, FLAG_RULE, value -> value.isBoolean()
                ? Optional.of(state -> with.apply(state, value.booleanValue()))
                : Optional.empty());
    }

    public static boolean isRatio(double value) {
        return value >= 0 && value <= 1;
    }

    /** For the constructor of a {@link ChaosValues} record. */
    public static double requireRatio(String name, double value) {
        if (!isRatio(value)) {
            throw new IllegalArgumentException(name + " " + RATIO_RULE);
        }
        return value;
    }

    public String name() {
        return name;
    }

    public String rule() {
        return rule;
    }

    /** The change this value makes, or empty when the value breaks the rule. */
    Optional<UnaryOperator<S>> read(JsonNode value) {
        return reader.apply(value);
    }
}
