package io.observability.demo.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.observability.demo.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;

/** Swagger UI shows every answer of every operation: each status, each body's schema, each problem's. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyOperationDocumentsEachStatusItAnswersWith() {
        OpenApiDocument api = OpenApiDocument.fetch();

        assertEquals(Set.of("POST /api/payments", "GET /api/payments", "GET /api/payments/{id}"), api.operations());
        api.assertAnswers("POST", "/api/payments", 201, 400, 402, 503);
        api.assertAnswers("GET", "/api/payments/{id}", 200, 404);
        api.assertAnswers("GET", "/api/payments", 200, 400);
        api.assertProblemSchema();
    }
}
