package io.observability.demo.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.observability.demo.system.ReceivedSpan.Kind;
import io.observability.demo.system.TraceReceiver.Trace;

/** The rules every checkout trace follows, whatever its outcome: what makes it readable in Jaeger. */
public final class TraceAssertions {

    /** Which service answers each of checkout's downstream calls. */
    static final Map<String, String> CALLED_SERVICE = Map.of(
            "POST /api/reservations", "inventory-service",
            "POST /api/reservations/{id}/confirm", "inventory-service",
            "DELETE /api/reservations/{id}", "inventory-service",
            "POST /api/payments", "payment-service");

    private TraceAssertions() {
    }

    /**
     * Waits for the checkout's trace: its root, no missing parent, and a downstream SERVER span for every
     * downstream call that got an HTTP response (each service exports on its own schedule).
     */
    public static Trace awaitCheckoutTrace(TraceReceiver receiver, Shop.Answer answer) {
        assertTrue(answer.sampled(), "the checkout was sampled: traceresponse " + answer.headers().get("traceresponse"));
        return receiver.awaitTrace(answer.traceId(), trace -> trace.find(span -> span.kind() == Kind.CLIENT
                && span.attributes().containsKey("http.response.status_code")
                && CALLED_SERVICE.containsKey(span.name()))
                .stream().allMatch(call -> !trace.children(call).isEmpty()), Duration.ofSeconds(15));
    }

    /** One root (checkout's SERVER span for POST /api/checkout), no orphan, parents where they belong. */
    public static void assertWellFormed(Trace trace, Shop.Answer answer) {
        String tree = trace.render();
        assertEquals(List.of(), trace.orphans(), "every span's parent is in the trace\n" + tree);
        ReceivedSpan root = trace.root();
        assertEquals("checkout-service", root.service(), tree);
        assertEquals(Kind.SERVER, root.kind(), tree);
        assertEquals("POST /api/checkout", root.name(), tree);
        assertEquals(answer.serverSpanId(), root.spanId(), "traceresponse names the root span");
        assertEquals(String.valueOf(answer.status()), root.attribute("http.response.status_code"), tree);

        for (ReceivedSpan span : trace.spans()) {
            assertEquals(trace.traceId(), span.traceId());
            if (span.kind() == Kind.SERVER && !span.isRoot()) {
                // A downstream SERVER span hangs under the checkout CLIENT span of the call that reached it.
                ReceivedSpan caller = trace.parent(span);
                assertEquals("checkout-service", caller.service(), span + " is called by checkout\n" + tree);
                assertEquals(Kind.CLIENT, caller.kind(), span + " is the child of a CLIENT span\n" + tree);
                assertEquals(caller.name(), span.name(), "the client and server spans name the same route\n" + tree);
                assertEquals(CALLED_SERVICE.get(caller.name()), span.service(), tree);
            }
            if (span.kind() == Kind.CLIENT && CALLED_SERVICE.containsKey(span.name())) {
                ReceivedSpan wrapper = trace.parent(span);
                assertEquals(Kind.INTERNAL, wrapper.kind(), "each downstream call sits in its business span\n" + tree);
                assertEquals("checkout-service", wrapper.service(), tree);
                if (span.attributes().containsKey("http.response.status_code")) {
                    List<ReceivedSpan> servers = trace.children(span).stream()
                            .filter(child -> child.kind() == Kind.SERVER).toList();
                    assertEquals(1, servers.size(), "a call that got a response has the callee's SERVER span: "
                            + span + "\n" + tree);
                }
            }
            if (span.isDatabase()) {
                // A database span belongs to the service that ran the statement, inside its request.
                ReceivedSpan parent = trace.parent(span);
                assertEquals(span.service(), parent.service(),
                        "database span " + span + " sits under its own service\n" + tree);
                ReceivedSpan server = trace.serverAncestor(span);
                assertNotNull(server, tree);
                assertEquals(span.service(), server.service(), "database span " + span + " is inside "
                        + span.service() + "'s request\n" + tree);
                assertEquals(databaseOf(span.service()), span.attribute("db.name"), span.toString());
            }
        }
    }

    static String databaseOf(String service) {
        return service.substring(0, service.indexOf('-'));
    }

    public static Set<String> services(Trace trace) {
        return trace.spans().stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    /** Spans whose status is ERROR: what Jaeger paints red. */
    public static List<ReceivedSpan> errors(Trace trace) {
        return trace.find(span -> span.status() == ReceivedSpan.Status.ERROR);
    }
}
