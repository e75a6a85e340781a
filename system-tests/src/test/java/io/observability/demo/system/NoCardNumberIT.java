package io.observability.demo.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Last, over everything the run produced: no full card number in any span, any line a service wrote, or any
 * metric (both exposition formats).
 */
@Order(7)
@ExtendWith(SystemExtension.class)
class NoCardNumberIT {

    private final RunningSystem system = RunningSystem.instance();

    @Test
    void noFullCardNumberInAnySpanLogLineOrMetric() throws Exception {
        long start = System.nanoTime();
        // Make sure there is something to look at even when this class runs alone.
        for (String card : Shop.CARDS) {
            system.shop.checkout(Shop.Order.of(card, "KB-001", 1));
        }
        Set<String> cards = new TreeSet<>(Shop.CARDS);
        system.shop.answers().stream().map(Shop.Answer::order).filter(Objects::nonNull).map(Shop.Order::card)
                .filter(card -> card.length() >= 12).forEach(cards::add);
        Thread.sleep(600); // the last batch of spans

        List<String> leaks = new ArrayList<>();
        List<ReceivedSpan> spans = system.traces().allSpans();
        for (ReceivedSpan span : spans) {
            String text = span.allText();
            cards.stream().filter(text::contains).forEach(card -> leaks.add("span " + span + ": " + card));
        }
        int logLines = 0;
        for (ServiceProcess service : system.services()) {
            List<String> lines = LogLines.raw(service);
            logLines += lines.size();
            for (String line : lines) {
                cards.stream().filter(line::contains).forEach(card -> leaks.add(service.name() + " log: " + line));
            }
        }
        int metricLines = 0;
        HttpClient http = HttpClient.newHttpClient();
        for (ServiceProcess service : system.services()) {
            for (String accept : List.of(Metrics.PROMETHEUS_ACCEPT, "text/plain")) {
                String text = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString()).body();
                metricLines += text.split("\n").length;
                // A whole number only: a sample value such as 0.4000000000000002 holds a test card's digits.
                cards.stream().filter(card -> Pattern.compile("(?<![0-9.])" + card + "(?![0-9])").matcher(text).find())
                        .forEach(card -> leaks.add(service.name() + " metrics (" + accept + "): " + card));
            }
        }
        assertEquals(List.of(), leaks, "full card numbers found");
        assertTrue(spans.size() > 100 && logLines > 50, "there was plenty to scan: " + spans.size() + " spans, "
                + logLines + " log lines");
        assertEquals(0, system.traces().rejectedRequests(), "every OTLP export decoded");

        List<String> nonJson = new ArrayList<>();
        system.services().forEach(service -> nonJson.addAll(LogLines.nonJson(service)));
        Report.scenario("no card number", start, Report.of("cards", cards.size(), "spans scanned", spans.size(),
                "log lines scanned", logLines, "metric lines scanned", metricLines,
                "OTLP export requests", system.traces().exportRequests(), "non-JSON output lines", nonJson.size()));
    }
}
