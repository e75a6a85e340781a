package io.observability.demo.inventory;

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

        assertEquals(Set.of("GET /api/products", "GET /api/products/{sku}", "POST /api/reservations",
                "GET /api/reservations/{id}", "POST /api/reservations/{id}/confirm", "DELETE /api/reservations/{id}"),
                api.operations());
        api.assertAnswers("GET", "/api/products", 200);
        api.assertAnswers("GET", "/api/products/{sku}", 200, 404);
        api.assertAnswers("POST", "/api/reservations", 200, 201, 400, 409, 422);
        api.assertAnswers("GET", "/api/reservations/{id}", 200, 404);
        api.assertAnswers("POST", "/api/reservations/{id}/confirm", 200, 404, 409);
        api.assertAnswers("DELETE", "/api/reservations/{id}", 204, 404);
        api.assertProblemSchema();
    }
}
