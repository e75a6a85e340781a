package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.DECLINED_CARD;
import static io.observability.demo.payment.PaymentApi.UNAVAILABLE_CARD;
import static io.observability.demo.payment.PaymentApi.authorize;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.observability.demo.testing.PrometheusScrape;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The metrics a dashboard reads, from the management port. Tests share the app: compare before and after. */
@QuarkusTest
class PaymentMetricsTest {

    private static final String DECLINED = "payment_authorizations_total{reason=\"card_declined\",result=\"declined\"}";
    private static final String AUTHORIZED = "payment_authorizations_total{reason=\"none\",result=\"authorized\"}";
    private static final String GATEWAY_ERROR = "payment_authorizations_total{reason=\"gateway_error\",result=\"failed\"}";

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void countsEachNewDecisionOnceAndNotTheReplays() {
        String before = scrape();

        String declinedOrder = newOrderId();
        authorize(declinedOrder, DECLINED_CARD).statusCode(402);
        authorize(declinedOrder, DECLINED_CARD).statusCode(402); // a replay
        authorize(newOrderId(), DECLINED_CARD).statusCode(402);
        String authorizedOrder = newOrderId();
        authorize(authorizedOrder, APPROVED_CARD).statusCode(201);
        authorize(authorizedOrder, APPROVED_CARD).statusCode(201); // a replay
        authorize(newOrderId(), UNAVAILABLE_CARD).statusCode(503);

        String after = scrape();
        assertEquals(value(before, DECLINED) + 2, value(after, DECLINED));
        assertEquals(value(before, AUTHORIZED) + 1, value(after, AUTHORIZED));
        assertEquals(value(before, GATEWAY_ERROR) + 1, value(after, GATEWAY_ERROR));
    }

    @Test
    void everyExpectedSeriesExistsFromTheStart() {
        String scrape = scrape();
        for (String series : new String[] {
                AUTHORIZED, DECLINED, GATEWAY_ERROR,
                "payment_authorizations_total{reason=\"insufficient_funds\",result=\"declined\"}",
                "payment_authorizations_total{reason=\"outage\",result=\"failed\"}",
                "payment_chaos_failure_ratio ",
                "payment_chaos_latency_seconds ",
                "payment_chaos_outage " }) {
            assertTrue(scrape.contains(series), series + " is missing");
        }
    }

    @Test
    void gatewayLatencyIsAHistogramWithExemplars() {
        authorize(newOrderId(), APPROVED_CARD).statusCode(201);
        String scrape = scrape();

        assertTrue(scrape.contains("payment_gateway_latency_seconds_bucket{le=\"0.5\"}"), "the SLO bucket exists");
        assertTrue(scrape.lines().anyMatch(line -> line.contains("_bucket{") && line.contains(" # {")
                && line.contains("trace_id=")), "some bucket carries a trace exemplar");
        for (String label : new String[] { "order", "card", "amount", "payment_id" }) {
            assertFalse(Pattern.compile("^payment_\\w+\\{[^}]*\\b" + label + "\\w*=", Pattern.MULTILINE).matcher(scrape).find(),
                    "no unbounded label: " + label);
        }
    }

    @Test
    void prometheusGetsOpenMetricsOnlyWithoutTextPlainInItsAcceptHeader() {
        given().accept(PrometheusScrape.ACCEPT).get(metrics).then().statusCode(200)
                .contentType(startsWith("application/openmetrics-text; version=1.0.0"));
        given().accept(PrometheusScrape.ACCEPT_WITH_TEXT).get(metrics).then().statusCode(200)
                .contentType(startsWith("text/plain; version=0.0.4"));
    }

    private String scrape() {
        return given().accept(PrometheusScrape.ACCEPT).get(metrics).then().statusCode(200).extract().asString();
    }

    /** The value of one series in the OpenMetrics text (an exemplar may follow it). */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)", Pattern.MULTILINE).matcher(scrape);
        assertTrue(matcher.find(), series + " is missing");
        return Double.parseDouble(matcher.group(1));
    }
}
