package io.observability.demo.system;

import java.util.List;
import java.util.Map;

/**
 * One span as a trace backend (Jaeger) would show it: decoded from the OTLP protobuf a service exported, with
 * the {@code service.name} of the resource it came with. Ids are lower-case hex; a root span has an empty parent.
 */
public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, Kind kind,
        Status status, String statusMessage, Map<String, String> attributes, List<Event> events,
        Map<String, String> resource, long startNanos, long endNanos) {

    public enum Kind {
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER,
        UNSPECIFIED
    }

    public enum Status {
        UNSET,
        OK,
        ERROR
    }

    public record Event(String name, Map<String, String> attributes) {
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    public boolean hasException() {
        return events.stream().anyMatch(event -> event.name().equals("exception"));
    }

    public boolean isDatabase() {
        return "postgresql".equals(attributes.get("db.system"));
    }

    public double durationMillis() {
        return (endNanos - startNanos) / 1_000_000.0;
    }

    /** Everything a user could read in a trace UI, for the "no card number anywhere" check. */
    public String allText() {
        return service + " " + name + " " + statusMessage + " " + attributes + " " + events + " " + resource;
    }

    @Override
    public String toString() {
        return service + ":" + kind + " '" + name + "' " + spanId + "<-" + (parentSpanId.isEmpty() ? "root" : parentSpanId)
                + " " + status + (attributes.containsKey("http.response.status_code")
                        ? " http=" + attributes.get("http.response.status_code")
                        : "");
    }
}
