package io.observability.demo.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.observability.demo.testing.InMemorySpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A slow database on demand: the management port's chaos switch slows reservations at run time, no restart. */
@QuarkusTest
class ChaosTest {

    @TestHTTPResource(value = "chaos", management = true)
    URL chaos;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    InMemorySpans spans;

    @AfterEach
    void resetChaos() {
        given().post(chaos + "/reset").then().statusCode(200).body("latency", is("0ms"));
    }

    @Test
    void showsTheConfiguredLatency() {
        given().get(chaos).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("latency", is("0ms"));
    }

    @Test
    void latencyIsASlowQueryInsideTheReservationVisibleAsAJdbcSpanUnderTheServerSpan() {
        change("{\"latency\":\"300ms\"}").statusCode(200).body("latency", is("300ms"));

        long started = System.nanoTime();
        List<SpanData> trace = reserveTraced();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toMillis() >= 300, "the reservation took " + took);

        SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData slow = trace.stream().filter(ChaosTest::isSlowQuery).findFirst()
                .orElseThrow(() -> new AssertionError("no pg_sleep JDBC span in " + trace));
        assertEquals(SpanKind.CLIENT, slow.getKind());
        assertEquals(server.getSpanId(), slow.getParentSpanId(), "the slow query sits under inventory's server span");
        assertTrue(slow.getEndEpochNanos() - slow.getStartEpochNanos() >= Duration.ofMillis(300).toNanos(),
                "the JDBC span carries the latency");
    }

    @Test
    void withoutLatencyThereIsNoSlowQuery() {
        List<SpanData> trace = reserveTraced();
        assertTrue(trace.stream().noneMatch(ChaosTest::isSlowQuery), "no pg_sleep span: " + trace);
    }

    @ParameterizedTest
    @CsvSource({ "300ms, 300ms", "2s, 2000ms", "PT0.8S, 800ms", "0ms, 0ms" })
    void latencyAcceptsTheUsualDurationForms(String latency, String shown) {
        change("{\"latency\":\"" + latency + "\"}").statusCode(200).body("latency", is(shown));
        given().get(chaos).then().body("latency", is(shown));
    }

    /** The routes and their 400 answer are service-common's, tested in depth by payment-service's ChaosTest. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"latency\":\"soon\"}                  | latency",
            "{\"latency\":\"11s\"}                   | latency",
            "{\"latency\":300}                       | latency",
            "{\"failureRate\":0.3}                   | failureRate",
            "{\"latency\":\"300ms\",\"outage\":true} | outage" })
    void anInvalidOrUnknownFieldIsNamedInA400AndNothingChanges(String body, String field) {
        change(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:problem-type:invalid-chaos-settings"))
                .body("errors.field", hasItem(field));

        given().get(chaos).then().body("latency", is("0ms"));
    }

    @Test
    void theLatencyIsExposedAsAGauge() {
        change("{\"latency\":\"300ms\"}").statusCode(200);
        given().get(metrics).then().statusCode(200).body(containsString("inventory_chaos_latency_seconds 0.3"));

        given().post(chaos + "/reset").then().statusCode(200);
        given().get(metrics).then().statusCode(200).body(containsString("inventory_chaos_latency_seconds 0.0"));
    }

    @Test
    void eachChangeIsLoggedOnceWithTheOldAndNewValues() throws Exception {
        change("{\"latency\":\"1234ms\"}").statusCode(200);
        change("{\"latency\":\"1234ms\"}").statusCode(200); // no change: no second line

        String expected = "Chaos changed from [latency=0ms] to [latency=1234ms]";
        assertEquals(1, awaitLogLines(expected), "one INFO line per change");
    }

    @Test
    void isNotOnThePublicPort() {
        given().get("/q/chaos").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"latency\":\"1s\"}").put("/q/chaos").then().statusCode(404);
    }

    /** One reservation with a traceparent of our own, and the spans of its trace once the server span is in. */
    private List<SpanData> reserveTraced() {
        String traceId = TelemetryTest.randomHex(32);
        given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + TelemetryTest.randomHex(16) + "-01")
                .body(ReservationResourceTest.request(ReservationResourceTest.orderId(), "KB-001", 1))
                .post("/api/reservations")
                .then().statusCode(201);
        return spans.awaitTrace(traceId, 1, span -> span.getKind() == SpanKind.SERVER);
    }

    private static boolean isSlowQuery(SpanData span) {
        return String.valueOf(span.getAttributes().get(AttributeKey.stringKey("db.statement"))).contains("pg_sleep");
    }

    private ValidatableResponse change(String body) {
        return given().contentType(ContentType.JSON).body(body).put(chaos).then();
    }

    private static long awaitLogLines(String containing) {
        Path log = Path.of("target/test-logs/service.json.log");
        return await("an INFO log line that mentions " + containing).atMost(Duration.ofSeconds(5))
                .until(() -> Files.readAllLines(log).stream().filter(line -> line.contains(containing)
                        && line.contains("\"level\":\"INFO\"")).count(), count -> count > 0);
    }
}
