package io.observability.demo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.restassured.RestAssured;

/**
 * A service's OpenAPI document ({@code /q/openapi?format=json}, parsed) and what Swagger UI users rely on: every
 * operation lists each status it answers with, every success with its body's schema and every error with the
 * shared problem schema.
 */
public final class OpenApiDocument {

    public static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final Map<String, Object> document;

    public OpenApiDocument(Map<String, Object> document) {
        this.document = document;
    }

    /** The document of the application under test, as Swagger UI reads it. */
    public static OpenApiDocument fetch() {
        return new OpenApiDocument(RestAssured.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("$"));
    }

    /** Every operation, as {@code GET /api/orders/{id}}. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        map(document, "paths").forEach((path, item) -> ((Map<?, ?>) item).keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> operations.add(method.toString().toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    /** The operation documents exactly these statuses, each success with its schema, each error as a problem. */
    public void assertAnswers(String method, String path, int... statuses) {
        String operation = method + " " + path;
        Map<String, Object> operationItem = map(map(map(document, "paths"), path), method.toLowerCase(Locale.ROOT));
        Map<String, Object> responses = map(operationItem, "responses");
        assertEquals(Arrays.stream(statuses).mapToObj(String::valueOf).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(responses.keySet()), operation + ": documented statuses");
        for (int status : statuses) {
            Map<String, Object> response = map(responses, String.valueOf(status));
            assertNotNull(response.get("description"), operation + " " + status + ": description");
            if (status == 204) {
                assertTrue(response.get("content") == null, operation + " 204 has no body");
            } else if (status >= 400) {
                assertEquals(PROBLEM_REF, map(map(map(response, "content"), "application/problem+json"), "schema")
                        .get("$ref"), operation + " " + status + ": the problem schema");
            } else {
                Map<String, Object> schema = map(map(map(response, "content"), "application/json"), "schema");
                assertTrue(schema.containsKey("$ref") || schema.containsKey("items"),
                        operation + " " + status + ": the body's schema, got " + schema);
            }
        }
    }

    /** The problem schema names the members every problem has, and the trace id. */
    public void assertProblemSchema() {
        Map<String, Object> problem = map(map(map(document, "components"), "schemas"), "Problem");
        assertEquals(Set.of("type", "title", "status", "detail"), Set.copyOf((List<?>) problem.get("required")));
        assertTrue(map(problem, "properties").keySet().containsAll(Set.of("traceId", "errors")),
                "traceId and errors are described");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        if (!(child instanceof Map)) {
            fail("No '" + key + "' in " + parent.keySet());
        }
        return (Map<String, Object>) child;
    }
}
