package io.observability.demo.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.observability.demo.common.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose declared body exceeds {@code quarkus.http.limits.max-body-size} with a 413 problem.
 * Vert.x enforces the limit too, but with an empty body; this gives the client a clear error first.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodySize;
    private final ObjectMapper json;

    BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
            ObjectMapper json) {
        this.maxBodySize = max.asLongValue();
        this.json = json;
    }

    void register(@Observes Filters filters) {
        // After TraceHeadersFilter (higher priority runs first), so the 413 carries the trace headers too.
        filters.register(this::handle, 900);
    }

    void handle(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isTooLarge(length)) {
            Problem problem = Problem.of(413, "payload-too-large", "Payload Too Large",
                    "The request body is larger than " + maxBodySize + " bytes");
            try {
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem.body()));
            } catch (Exception e) {
                rc.fail(413, e);
            }
            return;
        }
        rc.next();
    }

    private boolean isTooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
