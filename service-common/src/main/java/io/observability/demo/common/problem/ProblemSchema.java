package io.observability.demo.common.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error answer, as the OpenAPI document shows it. Only the document uses this type:
 * {@link Problem} builds the body as a map, since designed outcomes add members of their own.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem detail (application/problem+json). Some problems "
        + "add members of their own, such as reason, orderId or sku.", additionalProperties = Schema.True.class)
public record ProblemSchema(
        @Schema(required = true, description = "urn:problem-type: and a slug, such as urn:problem-type:out-of-stock") String type,
        @Schema(required = true, description = "A short, human-readable summary of the problem type") String title,
        @Schema(required = true, description = "The HTTP status code") int status,
        @Schema(required = true, description = "What went wrong with this request") String detail,
        @Schema(description = "The trace id of the request: search for it in Jaeger or the logs", pattern = "[0-9a-f]{32}") String traceId,
        @Schema(description = "The failing fields of an invalid request (400)") List<Problem.FieldError> errors) {
}
