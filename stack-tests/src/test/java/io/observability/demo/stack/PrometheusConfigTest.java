package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Scrape jobs match the services; every alert has a severity and a runbook link the stack serves. */
class PrometheusConfigTest {

    /**
     * Where the compose stack serves deploy/runbooks/: the host port the runbooks service publishes
     * (docker-compose.yml), so a runbook_url opens in the browser of whoever runs the stack.
     */
    static String runbookBase() {
        Map<String, Object> runbooks = StackFiles.composeServices().get("runbooks");
        assertTrue(runbooks != null, "docker-compose.yml has no runbooks service to serve deploy/runbooks/");
        List<Object> ports = list(runbooks.get("ports"));
        assertEquals(1, ports.size(), "the runbooks service publishes one port: " + ports);
        return "http://localhost:" + ComposeFileTest.hostPort(ports.get(0)) + "/";
    }

    /** service name -> management port. */
    static final Map<String, Integer> SERVICES = Map.of(
            "checkout-service", 9080, "inventory-service", 9081, "payment-service", 9082);

    @Test
    void eachServiceIsScrapedOnItsManagementPortUnderAJobNamedAfterIt() {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(
                StackFiles.loadYamlMap(StackFiles.resolve("deploy/prometheus/prometheus.yml")).get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }
        Set<String> composeServices = StackFiles.composeServices().keySet();
        SERVICES.forEach((service, port) -> {
            assertTrue(composeServices.contains(service), service + " is not a compose service");
            Map<String, Object> job = jobs.get(service);
            assertTrue(job != null, "no scrape job named " + service);
            assertEquals("/q/metrics", job.get("metrics_path"), service + " metrics_path");
            // Quarkus serves OpenMetrics, the only text format with exemplars, only to an Accept without text/plain.
            assertEquals(List.of("OpenMetricsText1.0.0", "OpenMetricsText0.0.1"), job.get("scrape_protocols"),
                    service + " scrape_protocols");
            List<Object> targets = new ArrayList<>();
            for (Object sc : list(job.get("static_configs"))) {
                targets.addAll(list(map(sc).get("targets")));
            }
            assertEquals(List.of(service + ":" + port), targets, service + " targets");
        });
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookLinkToItsFile() {
        List<Path> ruleFiles = StackFiles.deployFiles(".yml", ".yaml").stream()
                .filter(p -> p.startsWith(StackFiles.resolve("deploy/prometheus/rules")))
                .toList();
        assertFalse(ruleFiles.isEmpty(), "no rules files in deploy/prometheus/rules");
        List<String> problems = new ArrayList<>();
        String runbookBase = runbookBase();
        int alerts = 0;
        for (Path file : ruleFiles) {
            for (Object group : list(StackFiles.loadYamlMap(file).get("groups"))) {
                for (Object r : list(map(group).get("rules"))) {
                    Map<String, Object> rule = map(r);
                    if (rule.get("alert") == null) {
                        continue;
                    }
                    alerts++;
                    String name = rule.get("alert").toString();
                    Object severity = map(rule.get("labels")).get("severity");
                    if (!Set.of("page", "warning").contains(String.valueOf(severity))) {
                        problems.add(name + ": severity must be page or warning, is " + severity);
                    }
                    Map<String, Object> annotations = map(rule.get("annotations"));
                    for (String key : List.of("summary", "description", "runbook_url")) {
                        if (annotations.get(key) == null || annotations.get(key).toString().isBlank()) {
                            problems.add(name + ": missing annotation " + key);
                        }
                    }
                    String expected = runbookBase + name + ".md";
                    if (!expected.equals(annotations.get("runbook_url"))) {
                        problems.add(name + ": runbook_url must be " + expected);
                    }
                    if (!Files.isRegularFile(StackFiles.resolve("deploy/runbooks/" + name + ".md"))) {
                        problems.add(name + ": deploy/runbooks/" + name + ".md does not exist");
                    }
                }
            }
        }
        assertTrue(alerts >= 2, "expected at least the ServiceDown and HighErrorRate alerts");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
