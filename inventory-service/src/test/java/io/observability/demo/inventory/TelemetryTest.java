package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.testing.InMemorySpans;
import io.observability.demo.testing.PrometheusScrape;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What a user of Prometheus, Jaeger and Loki sees of a reservation. */
@QuarkusTest
class TelemetryTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    InMemorySpans spans;

    @Inject
    Stock stock;

    @Test
    void reservationsAreCountedByResultWithTemplatedUrisAndExemplars() {
        double reservedBefore = counter("inventory_reservations_total", "result=\"reserved\"");
        double unknownBefore = counter("inventory_reservations_total", "result=\"unknown_product\"");
        double outOfStockBefore = counter("inventory_reservations_total", "result=\"out_of_stock\"");

        ReservationResourceTest.reserve(ReservationResourceTest.orderId(), "CB-005", 1);
        ReservationResourceTest.reserve(ReservationResourceTest.orderId(), "CB-005", 1);
        given().contentType(ContentType.JSON)
                .body(ReservationResourceTest.request(ReservationResourceTest.orderId(), "NOPE", 1))
                .post("/api/reservations").then().statusCode(422);
        given().contentType(ContentType.JSON)
                .body(ReservationResourceTest.request(ReservationResourceTest.orderId(), "LT-007", 1000))
                .post("/api/reservations").then().statusCode(409);
        given().get("/api/products/KB-001").then().statusCode(200);

        assertEquals(reservedBefore + 2, counter("inventory_reservations_total", "result=\"reserved\""));
        assertEquals(unknownBefore + 1, counter("inventory_reservations_total", "result=\"unknown_product\""));
        assertEquals(outOfStockBefore + 1, counter("inventory_reservations_total", "result=\"out_of_stock\""));
        String scrape = scrape();
        assertTrue(scrape.contains("uri=\"/api/products/{sku}\""), "the sku is templated, not a label value");
        assertTrue(scrape.contains("inventory_stock_available{sku=\"CB-005\"}"));
        assertTrue(Pattern.compile(
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/reservations\"[^}]*} \\S+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}")
                .matcher(scrape).find(), "a bucket carries a trace exemplar");
    }

    @Test
    void theStockGaugesReportEverySkuAndFollowTheDatabase() {
        List<String> skus = given().get("/api/products").then().statusCode(200).extract().path("sku");
        String scrape = scrape();
        for (String sku : skus) {
            assertTrue(scrape.contains("inventory_stock_available{sku=\"" + sku + "\"}"), "a gauge for " + sku);
        }

        int cables = stock.available("CB-005");
        try {
            stock.set("CB-005", cables + 1000);
            await("inventory_stock_available{sku=\"CB-005\"} to follow the database").atMost(Duration.ofSeconds(10))
                    .until(() -> gauge("CB-005"), units -> units == cables + 1000);
        } finally {
            stock.set("CB-005", cables);
        }
    }

    @Test
    void randomUnknownPathsAddNoSeries() {
        given().get("/warm-up/" + UUID.randomUUID()).then().statusCode(404);
        long before = seriesCount();
        for (int i = 0; i < 100; i++) {
            given().get("/random/" + UUID.randomUUID()).then().statusCode(404);
        }
        assertEquals(before, seriesCount());
    }

    @Test
    void metricsAndHealthAreOnTheManagementPortOnly() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health").then().statusCode(404);
        given().get(metrics.toString().replace("/metrics", "/health/ready")).then().statusCode(200);
    }

    @Test
    void aReservationIsOneTraceWithBusinessAttributesAndDatabaseSpans() {
        String traceId = randomHex(32);
        String orderId = ReservationResourceTest.orderId();

        String traceResponse = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01")
                .header("X-Request-ID", "req-" + traceId)
                .body(ReservationResourceTest.request(orderId, "KB-001", 1))
                .post("/api/reservations")
                .then().statusCode(201)
                .header("X-Request-ID", "req-" + traceId)
                .header("traceresponse", matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01"))
                .extract().header("traceresponse");

        List<SpanData> trace = spans.awaitTrace(traceId, 1, span -> span.getKind() == SpanKind.SERVER);
        SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(traceResponse.split("-")[2], server.getSpanId(), "traceresponse names the server span");
        assertEquals(orderId, server.getAttributes().get(AttributeKey.stringKey("order.id")));
        assertTrue(server.getAttributes().get(AttributeKey.stringKey("reservation.id")) != null);
        assertEquals("req-" + traceId, server.getAttributes().get(AttributeKey.stringKey("request.id")));
        assertTrue(trace.stream().anyMatch(span -> span.getKind() == SpanKind.CLIENT
                && span.getParentSpanId().equals(server.getSpanId())
                && "postgresql".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")))),
                "JDBC spans sit under the server span: " + trace);
    }

    @Test
    void aDesignedConflictIsNotASpanError() {
        String traceId = randomHex(32);
        given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01")
                .body(ReservationResourceTest.request(ReservationResourceTest.orderId(), "NOPE", 1))
                .post("/api/reservations")
                .then().statusCode(422);

        SpanData server = spans.awaitTrace(traceId, 1, span -> span.getKind() == SpanKind.SERVER).stream()
                .filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(io.opentelemetry.api.trace.StatusCode.UNSET, server.getStatus().getStatusCode());
    }

    @Test
    void theJsonLogLineOfAReservationCarriesItsTraceAndRequestIds() throws Exception {
        String traceId = randomHex(32);
        String orderId = ReservationResourceTest.orderId();
        given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01")
                .header("X-Request-ID", "log-" + traceId)
                .body(ReservationResourceTest.request(orderId, "KB-001", 1))
                .post("/api/reservations")
                .then().statusCode(201);

        JsonNode line = logLine(orderId);
        assertEquals("INFO", line.get("level").asText());
        assertEquals(traceId, line.at("/mdc/traceId").asText());
        assertTrue(line.at("/mdc/spanId").asText().matches("[0-9a-f]{16}"));
        assertEquals("log-" + traceId, line.at("/mdc/requestId").asText());
        assertEquals("inventory-service", line.get("service.name").asText());
    }

    private static JsonNode logLine(String containing) throws IOException {
        Path log = Path.of("target/test-logs/service.json.log");
        String line = await("a JSON log line that mentions " + containing).atMost(Duration.ofSeconds(5))
                .until(() -> Files.readAllLines(log).stream()
                        .filter(l -> l.contains(containing) && l.contains("created")).findFirst(), Optional::isPresent)
                .orElseThrow();
        return new ObjectMapper().readTree(line);
    }

    private String scrape() {
        return given().accept(PrometheusScrape.ACCEPT).get(metrics).then().statusCode(200).extract().asString();
    }

    private double gauge(String sku) {
        Matcher matcher = Pattern.compile("(?m)^inventory_stock_available\\{sku=\"" + Pattern.quote(sku) + "\"} (\\S+)")
                .matcher(scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private long seriesCount() {
        return scrape().lines().filter(line -> line.startsWith("http_server_requests_seconds_count")).count();
    }

    private double counter(String name, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)")
                .matcher(scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    static String randomHex(int length) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, length);
    }
}
