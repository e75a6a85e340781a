package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the issue "dashboards as tested code" asks of each dashboard beyond the lint in
 * {@link GrafanaProvisioningTest} (valid JSON, fixed uid, datasources by uid, a query in every panel):
 * 5 to 10 panels, links between the overview and the drill-downs that resolve, exemplars on the
 * latency panels, a datasource type that matches its uid, no undefined template variable, and threshold lines
 * where the alert on the same series fires.
 * Whether the queries return data is checked against live services by deploy/test/dashboards-dont-lie.sh.
 */
class DashboardContentTest {

    private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([A-Za-z0-9_-]+)");
    /** $name or ${name} (also ${name:format}); $1 (a regex group in label_replace) is not a variable. */
    private static final Pattern VARIABLE = Pattern
            .compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern LATENCY_QUANTILE = Pattern.compile("histogram_quantile\\([^;]*_seconds_bucket");
    /** An alert that compares one recorded series with a number, such as {@code service:...:error_ratio5m > 0.08}. */
    private static final Pattern SIMPLE_ALERT = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*>\\s*([0-9.]+)\\s*");

    record Dashboard(String file, JsonNode json) {
        String uid() {
            return json.path("uid").asText();
        }

        List<JsonNode> panels() {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                all.add(panel);
                // A collapsed row keeps its panels in its own "panels".
                for (JsonNode nested : panel.path("panels")) {
                    all.add(nested);
                }
            }
            all.removeIf(p -> "row".equals(p.path("type").asText()));
            return all;
        }
    }

    static Map<String, Dashboard> dashboards() {
        Map<String, Dashboard> byUid = new LinkedHashMap<>();
        assertFalse(GrafanaProvisioningTest.dashboards().isEmpty(), "no dashboards");
        for (Path file : GrafanaProvisioningTest.dashboards()) {
            Dashboard d = new Dashboard(StackFiles.relative(file), StackFiles.loadJson(file));
            byUid.put(d.uid(), d);
        }
        return byUid;
    }

    @Test
    void everyDashboardHasFiveToTenPanels() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards().values()) {
            int n = d.panels().size();
            if (n < 5 || n > 10) {
                problems.add(d.file() + ": " + n + " panels (5 to 10, one purpose each)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * A threshold line drawn on the very series an alert compares ({@code series > N}) sits at N: the
     * Overview's error panel and HighErrorRate must not tell two different stories.
     */
    @Test
    void thresholdLinesSitWhereTheAlertOnTheSameSeriesFires() {
        Map<String, Double> alertAt = new LinkedHashMap<>();
        for (Path file : StackFiles.deployFiles(".yml", ".yaml")) {
            if (!file.startsWith(StackFiles.resolve("deploy/prometheus/rules"))) {
                continue;
            }
            for (Object group : StackFiles.list(StackFiles.loadYamlMap(file).get("groups"))) {
                for (Object r : StackFiles.list(StackFiles.map(group).get("rules"))) {
                    Map<String, Object> rule = StackFiles.map(r);
                    Matcher simple = SIMPLE_ALERT.matcher(String.valueOf(rule.get("expr")));
                    if (rule.get("alert") != null && simple.matches()) {
                        alertAt.put(simple.group(1), Double.parseDouble(simple.group(2)));
                    }
                }
            }
        }
        assertTrue(alertAt.containsKey("service:http_server_requests:error_ratio5m"), "HighErrorRate: " + alertAt);
        List<String> problems = new ArrayList<>();
        int lines = 0;
        for (Dashboard dashboard : dashboards().values()) {
            for (JsonNode panel : dashboard.panels()) {
                List<Double> steps = new ArrayList<>();
                panel.path("fieldConfig").path("defaults").path("thresholds").path("steps")
                        .forEach(step -> steps.add(step.path("value").isNumber() ? step.path("value").asDouble() : null));
                steps.removeIf(Objects::isNull);
                for (JsonNode target : panel.path("targets")) {
                    for (Map.Entry<String, Double> alert : alertAt.entrySet()) {
                        if (!steps.isEmpty() && target.path("expr").asText().contains(alert.getKey())) {
                            lines++;
                            if (!steps.contains(alert.getValue())) {
                                problems.add(dashboard.file() + " / " + panel.path("title").asText() + ": threshold " + steps
                                        + ", but the alert on " + alert.getKey() + " fires above " + alert.getValue());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(lines > 0, "no panel draws a threshold on an alerted series");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyLinkToADashboardResolves() {
        Map<String, Dashboard> all = dashboards();
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Dashboard d : all.values()) {
            List<String> urls = new ArrayList<>();
            collectUrls(d.json(), urls);
            for (String url : urls) {
                Matcher m = DASHBOARD_URL.matcher(url);
                if (m.find()) {
                    links++;
                    if (!all.containsKey(m.group(1))) {
                        problems.add(d.file() + ": link " + url + " points at no dashboard (uids: " + all.keySet() + ")");
                    }
                }
            }
        }
        assertTrue(links > 0, "no /d/<uid> links found in the dashboards");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theOverviewReachesEveryDashboardAndEveryDashboardLinksBackToIt() {
        Map<String, Dashboard> all = dashboards();
        Dashboard overview = all.get("overview");
        assertTrue(overview != null, "no dashboard with uid overview");
        Set<String> reachable = reachableFrom(overview, all);
        List<String> problems = new ArrayList<>();
        for (Dashboard d : all.values()) {
            if (d == overview) {
                continue;
            }
            if (!reachable.contains(d.uid())) {
                problems.add("overview has no link to " + d.file() + " (a /d/" + d.uid()
                        + " link, or a dashboards link with one of its tags)");
            }
            if (!reachableFrom(d, Map.of("overview", overview)).contains("overview")) {
                problems.add(d.file() + " has no link back to the overview (/d/overview)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void latencyPanelsShowExemplars() {
        List<String> problems = new ArrayList<>();
        int latencyPanels = 0;
        for (Dashboard d : dashboards().values()) {
            for (JsonNode panel : d.panels()) {
                boolean latency = false;
                boolean exemplar = false;
                for (JsonNode target : panel.path("targets")) {
                    latency |= LATENCY_QUANTILE.matcher(target.path("expr").asText("")).find();
                    exemplar |= target.path("exemplar").asBoolean(false);
                }
                if (latency) {
                    latencyPanels++;
                    if (!exemplar) {
                        problems.add(d.file() + ": latency panel '" + panel.path("title").asText()
                                + "' has no target with \"exemplar\": true");
                    }
                }
            }
        }
        assertTrue(latencyPanels > 0, "no latency panel (histogram_quantile over a _seconds_bucket) found");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyDatasourceTypeMatchesTheTypeOfItsUid() {
        Map<String, String> typeByUid = new LinkedHashMap<>();
        for (Map<String, Object> ds : GrafanaProvisioningTest.datasources()) {
            typeByUid.put(String.valueOf(ds.get("uid")), String.valueOf(ds.get("type")));
        }
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards().values()) {
            collectTypeProblems(d.json(), d.file(), "", typeByUid, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyTemplateVariableAQueryUsesIsDefined() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards().values()) {
            Set<String> defined = new TreeSet<>();
            for (JsonNode variable : d.json().path("templating").path("list")) {
                defined.add(variable.path("name").asText());
            }
            for (JsonNode panel : d.panels()) {
                for (JsonNode target : panel.path("targets")) {
                    Matcher m = VARIABLE.matcher(target.path("expr").asText(""));
                    while (m.find()) {
                        String name = m.group(1) != null ? m.group(1) : m.group(2);
                        if (!name.startsWith("__") && !defined.contains(name)) {
                            problems.add(d.file() + ": panel '" + panel.path("title").asText() + "' uses $" + name
                                    + ", which is not a template variable of the dashboard " + defined);
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theServiceDrillDownIsTemplatedByServiceFromPrometheus() {
        Dashboard drillDown = dashboards().get("service");
        assertTrue(drillDown != null, "no dashboard with uid service (the service drill-down)");
        boolean found = false;
        for (JsonNode variable : drillDown.json().path("templating").path("list")) {
            if ("service".equals(variable.path("name").asText())) {
                found = "query".equals(variable.path("type").asText())
                        && "prometheus".equals(variable.path("datasource").path("uid").asText());
            }
        }
        assertTrue(found, drillDown.file() + ": needs a query variable 'service' on the prometheus datasource");
    }

    /** uids reachable by one click: /d/<uid> links anywhere in the dashboard, and tag-based dashboard lists. */
    private static Set<String> reachableFrom(Dashboard from, Map<String, Dashboard> all) {
        Set<String> reachable = new TreeSet<>();
        List<String> urls = new ArrayList<>();
        collectUrls(from.json(), urls);
        for (String url : urls) {
            Matcher m = DASHBOARD_URL.matcher(url);
            if (m.find()) {
                reachable.add(m.group(1));
            }
        }
        for (JsonNode link : from.json().path("links")) {
            if ("dashboards".equals(link.path("type").asText())) {
                Set<String> tags = new TreeSet<>();
                link.path("tags").forEach(t -> tags.add(t.asText()));
                for (Dashboard d : all.values()) {
                    for (JsonNode tag : d.json().path("tags")) {
                        if (tags.contains(tag.asText())) {
                            reachable.add(d.uid());
                        }
                    }
                }
            }
        }
        return reachable;
    }

    /** Every "url" string value in the dashboard (dashboard links and panel data links). */
    private static void collectUrls(JsonNode node, List<String> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("url") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectUrls(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectUrls(child, into));
        }
    }

    private static void collectTypeProblems(JsonNode node, String file, String path, Map<String, String> typeByUid,
            List<String> problems) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String here = path + "/" + field.getKey();
                JsonNode value = field.getValue();
                if (field.getKey().equals("datasource") && value.isObject()) {
                    String uid = value.path("uid").asText();
                    String expected = typeByUid.get(uid);
                    if (expected != null && !expected.equals(value.path("type").asText())) {
                        problems.add(file + " " + here + ": datasource uid '" + uid + "' has type '" + expected
                                + "', not '" + value.path("type").asText() + "'");
                    }
                } else {
                    collectTypeProblems(value, file, here, typeByUid, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectTypeProblems(node.get(i), file, path + "[" + i + "]", typeByUid, problems);
            }
        }
    }
}
