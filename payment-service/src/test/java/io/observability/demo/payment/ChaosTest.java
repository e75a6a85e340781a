package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.OTHER_CARD;
import static io.observability.demo.payment.PaymentApi.authorize;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The chaos switches of the management port change the gateway's behaviour at run time, no restart. */
@QuarkusTest
class ChaosTest {

    @TestHTTPResource(value = "chaos", management = true)
    URL chaos;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @AfterEach
    void resetChaos() {
        given().post(chaos + "/reset").then().statusCode(200);
    }

    @Test
    void showsTheConfiguredSettings() {
        given().get(chaos).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("failureRate", is(0.0f))
                .body("latency", is("0ms"))
                .body("outage", is(false));
    }

    @Test
    void failureRateOfOneFailsEveryAuthorizationUntilReset() {
        change("{\"failureRate\":1.0}").statusCode(200).body("failureRate", is(1.0f));

        authorize(newOrderId(), OTHER_CARD)
                .statusCode(503)
                .header("Retry-After", "1")
                .body("reason", is("gateway_error"));

        given().post(chaos + "/reset").then()
                .statusCode(200)
                .body("failureRate", is(0.0f))
                .body("latency", is("0ms"))
                .body("outage", is(false));
        authorize(newOrderId(), OTHER_CARD).statusCode(201);
    }

    @Test
    void outageFailsEvenTheApprovingTestCard() {
        change("{\"outage\":true}").statusCode(200).body("outage", is(true));

        authorize(newOrderId(), APPROVED_CARD).statusCode(503).body("reason", is("outage"));
    }

    @ParameterizedTest
    @CsvSource({ "800ms, 800ms", "2s, 2000ms", "PT0.8S, 800ms" })
    void latencyAcceptsTheUsualDurationForms(String latency, String shown) {
        change("{\"latency\":\"" + latency + "\"}").statusCode(200).body("latency", is(shown));
        given().get(chaos).then().body("latency", is(shown)).body("failureRate", is(0.0f));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"failureRate\":1.5}",
            "{\"failureRate\":\"high\"}",
            "{\"latency\":\"soon\"}",
            "{\"latency\":\"-1s\"}",
            "{\"latency\":800}",
            "{\"outage\":\"yes\"}",
            "{\"speed\":1}",
            "{\"failureRate\":0.5,\"latency\":\"soon\"}",
            "[]",
            "not json",
            "" })
    void invalidSettingsAreABadRequestAndChangeNothing(String body) {
        change(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("type", is("urn:problem-type:invalid-chaos-settings"));

        given().get(chaos).then()
                .body("failureRate", is(0.0f))
                .body("latency", is("0ms"))
                .body("outage", is(false));
    }

    @Test
    void invalidFieldsAreNamed() {
        change("{\"failureRate\":2,\"outage\":\"yes\"}")
                .statusCode(400)
                .body("errors.field", hasItem("failureRate"))
                .body("errors.field", hasItem("outage"));
    }

    @Test
    void settingsAreExposedAsGauges() {
        change("{\"failureRate\":0.25,\"latency\":\"800ms\",\"outage\":true}").statusCode(200);

        given().get(metrics).then()
                .statusCode(200)
                .body(containsString("payment_chaos_failure_ratio 0.25"))
                .body(containsString("payment_chaos_latency_seconds 0.8"))
                .body(containsString("payment_chaos_outage 1.0"));
    }

    @Test
    void isNotOnThePublicPort() {
        given().get("/q/chaos").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"outage\":true}").put("/q/chaos").then().statusCode(404);
    }

    private ValidatableResponse change(String body) {
        return given().contentType(ContentType.JSON).body(body).put(chaos).then();
    }
}
