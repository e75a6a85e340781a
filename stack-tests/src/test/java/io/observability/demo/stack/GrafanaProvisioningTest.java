package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Grafana datasources link to each other by uid; dashboards use fixed uids and datasource uids only. */
class GrafanaProvisioningTest {

    static final String DATASOURCES_DIR = "deploy/grafana/provisioning/datasources";
    static final String DASHBOARDS_DIR = "deploy/grafana/dashboards";

    /** uid of every provisioned datasource. */
    static Set<String> datasourceUids() {
        Set<String> uids = new TreeSet<>();
        for (Map<String, Object> ds : datasources()) {
            Object uid = ds.get("uid");
            assertTrue(uid != null && !uid.toString().isBlank(), "datasource without a fixed uid: " + ds.get("name"));
            assertTrue(uids.add(uid.toString()), "duplicate datasource uid " + uid);
        }
        return uids;
    }

    static List<Map<String, Object>> datasources() {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Path file : yamlFiles(StackFiles.resolve(DATASOURCES_DIR))) {
            for (Object ds : list(StackFiles.loadYamlMap(file).get("datasources"))) {
                result.add(map(ds));
            }
        }
        assertFalse(result.isEmpty(), "no datasources provisioned in " + DATASOURCES_DIR);
        return result;
    }

    @Test
    void theThreeDatasourcesHaveTheUidsTheLinksAndDashboardsUse() {
        assertEquals(Set.of("jaeger", "loki", "prometheus"), datasourceUids());
    }

    @Test
    void everyDatasourceUidReferencedByALinkExists() {
        Set<String> uids = datasourceUids();
        List<String> links = new ArrayList<>();
        for (Map<String, Object> ds : datasources()) {
            String name = String.valueOf(ds.get("name"));
            Map<String, Object> json = map(ds.get("jsonData"));
            for (Object destination : list(json.get("exemplarTraceIdDestinations"))) {
                links.add(name + " exemplarTraceIdDestinations -> " + map(destination).get("datasourceUid"));
            }
            for (Object field : list(json.get("derivedFields"))) {
                links.add(name + " derivedFields[" + map(field).get("name") + "] -> " + map(field).get("datasourceUid"));
            }
            for (String key : List.of("tracesToLogsV2", "tracesToLogs", "tracesToMetrics", "tracesToProfiles", "serviceMap")) {
                if (json.containsKey(key)) {
                    links.add(name + " " + key + " -> " + map(json.get(key)).get("datasourceUid"));
                }
            }
        }
        assertFalse(links.isEmpty(), "no datasource links found: the parser is broken");
        List<String> dangling = links.stream()
                .filter(link -> !uids.contains(link.substring(link.lastIndexOf("-> ") + 3)))
                .collect(Collectors.toList());
        assertTrue(dangling.isEmpty(), "links to datasource uids that are not provisioned " + uids + ":\n"
                + String.join("\n", dangling));
    }

    @Test
    void theExpectedCrossLinksAreConfigured() {
        Map<String, Map<String, Object>> byUid = datasources().stream()
                .collect(Collectors.toMap(ds -> String.valueOf(ds.get("uid")), ds -> map(ds.get("jsonData"))));
        assertTrue(list(byUid.get("prometheus").get("exemplarTraceIdDestinations")).stream()
                .anyMatch(d -> "trace_id".equals(map(d).get("name")) && "jaeger".equals(map(d).get("datasourceUid"))),
                "Prometheus: exemplar label trace_id must link to the jaeger datasource");
        assertTrue(list(byUid.get("loki").get("derivedFields")).stream()
                .anyMatch(d -> "label".equals(map(d).get("matcherType")) && "jaeger".equals(map(d).get("datasourceUid"))),
                "Loki: a derived field on the trace_id structured metadata must link to jaeger");
        assertEquals("loki", map(byUid.get("jaeger").get("tracesToLogsV2")).get("datasourceUid"));
        assertEquals("prometheus", map(byUid.get("jaeger").get("tracesToMetrics")).get("datasourceUid"));
        assertEquals(Boolean.TRUE, map(byUid.get("jaeger").get("nodeGraph")).get("enabled"));
    }

    /**
     * Grafana queries Jaeger's v1 API, where service.name is the process's serviceName and not a tag, so
     * {@code $__tags} expands to nothing: a query that does not group by job would show one sum over all services
     * as if it were the span's service. No experimental feature toggle is needed for the links.
     */
    @Test
    void traceToMetricsQueriesKeepTheServicesApartWithoutAFeatureToggle() {
        Map<String, Object> jaeger = datasources().stream().filter(ds -> "jaeger".equals(ds.get("uid"))).findFirst()
                .map(ds -> map(ds.get("jsonData"))).orElseThrow();
        List<Object> queries = list(map(jaeger.get("tracesToMetrics")).get("queries"));
        assertFalse(queries.isEmpty(), "the Jaeger datasource has no trace-to-metrics queries");
        for (Object query : queries) {
            String expr = String.valueOf(map(query).get("query"));
            assertTrue(expr.contains("$$__tags"), "uses the span's tags: " + expr);
            assertFalse(expr.replaceAll("sum by \\((job|job, le)\\) \\(", "").contains("sum("),
                    "every sum keeps the services apart (sum by (job ...)): " + expr);
            assertTrue(expr.startsWith("sum by (job") || expr.startsWith("histogram_quantile(0.95, sum by (job, le)"),
                    "groups by job: " + expr);
        }
        Object grafanaEnv = map(StackFiles.composeServices().get("grafana")).get("environment");
        assertFalse(String.valueOf(grafanaEnv).contains("GF_FEATURE_TOGGLES_ENABLE"),
                "the links must not depend on an experimental Grafana feature toggle: " + grafanaEnv);
    }

    @Test
    void everyDashboardHasAFixedUidAndReferencesDatasourcesByUidOnly() {
        Set<String> uids = datasourceUids();
        List<Path> dashboards = dashboards();
        List<String> problems = new ArrayList<>();
        Set<String> dashboardUids = new TreeSet<>();
        for (Path file : dashboards) {
            String where = StackFiles.relative(file);
            String text = StackFiles.read(file);
            if (text.contains("${DS_") || text.contains("$DS_")) {
                problems.add(where + ": uses an export-time ${DS_...} datasource input");
            }
            JsonNode dashboard = StackFiles.loadJson(file);
            if (dashboard.has("__inputs")) {
                problems.add(where + ": exported 'for sharing externally' (__inputs); export it without that option");
            }
            JsonNode uid = dashboard.get("uid");
            if (uid == null || !uid.isTextual() || uid.asText().isBlank()) {
                problems.add(where + ": no fixed uid");
            } else if (!dashboardUids.add(uid.asText())) {
                problems.add(where + ": duplicate dashboard uid " + uid.asText());
            }
            collectDatasourceProblems(dashboard, where, "", uids, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theOverviewDashboardHasUidOverview() {
        JsonNode overview = StackFiles.loadJson(StackFiles.resolve(DASHBOARDS_DIR + "/overview.json"));
        assertEquals("overview", overview.path("uid").asText());
    }

    @Test
    void everyPanelHasAtLeastOneTargetWithAnExpression() {
        List<String> problems = new ArrayList<>();
        int panels = 0;
        for (Path file : dashboards()) {
            List<JsonNode> all = new ArrayList<>();
            flattenPanels(StackFiles.loadJson(file).path("panels"), all);
            for (JsonNode panel : all) {
                if ("row".equals(panel.path("type").asText())) {
                    continue; // a row only groups panels
                }
                panels++;
                boolean hasExpr = false;
                for (JsonNode target : panel.path("targets")) {
                    if (!target.path("expr").asText("").isBlank()) {
                        hasExpr = true;
                    }
                }
                if (!hasExpr) {
                    problems.add(StackFiles.relative(file) + ": panel '" + panel.path("title").asText()
                            + "' has no target with an expr");
                }
            }
        }
        assertTrue(panels > 0, "no panels found in " + DASHBOARDS_DIR);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every "datasource" value in the dashboard must be {"type": ..., "uid": <provisioned uid>}. */
    private static void collectDatasourceProblems(JsonNode node, String file, String path, Set<String> uids,
            List<String> problems) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String here = path + "/" + field.getKey();
                if (field.getKey().equals("datasource")) {
                    JsonNode ds = field.getValue();
                    if (!ds.isObject() || !ds.path("uid").isTextual()) {
                        problems.add(file + " " + here + ": datasource must be an object with a uid, found " + ds);
                    } else if (!uids.contains(ds.path("uid").asText())) {
                        problems.add(file + " " + here + ": unknown datasource uid '" + ds.path("uid").asText()
                                + "' (provisioned: " + uids + ")");
                    }
                } else {
                    collectDatasourceProblems(field.getValue(), file, here, uids, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDatasourceProblems(node.get(i), file, path + "[" + i + "]", uids, problems);
            }
        }
    }

    private static void flattenPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            flattenPanels(panel.path("panels"), into); // panels nested in collapsed rows
        }
    }

    static List<Path> dashboards() {
        Path dir = StackFiles.resolve(DASHBOARDS_DIR);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> result = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            assertFalse(result.isEmpty(), "no dashboards in " + DASHBOARDS_DIR);
            return result;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted().collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
