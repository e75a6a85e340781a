package io.observability.demo.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.observability.demo.system.TraceReceiver.Trace;

/**
 * Log correlation, as a Loki user jumps from a trace to its logs: for each sampled checkout, every service in
 * its trace wrote at least one JSON log line with that trace id, each such line's span id is a span of that
 * trace in that service, and its request id is the one the customer sent.
 */
@Order(2)
@ExtendWith(SystemExtension.class)
class LogCorrelationIT {

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void everyServiceOfACheckoutLogsWithItsTraceAndSpanIds() {
        long start = System.nanoTime();
        List<Shop.Order> orders = List.of(
                Shop.Order.of(Shop.APPROVED, "KB-001", 1), Shop.Order.of(Shop.APPROVED, "MN-003", 1),
                Shop.Order.of(Shop.APPROVED, "DK-006", 2), Shop.Order.of(Shop.APPROVED, "CB-005", 3),
                Shop.Order.of(Shop.DECLINED, "MS-002", 1), Shop.Order.of(Shop.INSUFFICIENT_FUNDS, "HS-004", 1),
                Shop.Order.of(Shop.GATEWAY_ERROR, "KB-001", 1), Shop.Order.of(Shop.APPROVED, Shop.SCARCE, 100),
                Shop.Order.of(Shop.APPROVED, "NO-SUCH-SKU", 1), Shop.Order.of(Shop.APPROVED, "MS-002", 2));
        List<Shop.Answer> answers = system.shop.burst(orders.size(), 4, i -> system.shop.checkout(orders.get(i), null,
                Map.of("X-Request-ID", "logs-" + i + "-" + UUID.randomUUID())));

        int lines = 0;
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (Shop.Answer answer : answers) {
            statuses.merge(answer.status(), 1, Integer::sum);
            assertTrue(answer.sampled(), "sampled: " + answer);
            Trace trace = TraceAssertions.awaitCheckoutTrace(system.traces(), answer);
            Set<String> services = TraceAssertions.services(trace);
            for (ServiceProcess service : system.services()) {
                if (!services.contains(service.name())) {
                    continue;
                }
                Set<String> spanIds = trace.spans().stream().filter(span -> span.service().equals(service.name()))
                        .map(ReceivedSpan::spanId).collect(Collectors.toSet());
                // Console output is written synchronously, but the check tolerates a slow flush.
                List<LogLines.Line> ofTrace = await(service.name() + " to write a log line with trace id "
                        + answer.traceId() + " (" + answer + ")\n" + trace.render())
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> LogLines.read(service).stream()
                                .filter(line -> line.traceId().equals(answer.traceId())).toList(), found -> !found.isEmpty());
                for (LogLines.Line line : ofTrace) {
                    assertTrue(spanIds.contains(line.spanId()), service.name() + " logged span id " + line.spanId()
                            + ", which is no span of its trace: " + line.raw() + "\n" + trace.render());
                    assertEquals(answer.requestId(), line.requestId(), "request id of " + line.raw());
                    assertEquals(service.name(), line.serviceName(), "service.name field of " + line.raw());
                }
                lines += ofTrace.size();
            }
        }
        Report.scenario("log correlation", start, Report.of("checkouts", answers.size(), "statuses", statuses,
                "correlated log lines", lines));
    }
}
