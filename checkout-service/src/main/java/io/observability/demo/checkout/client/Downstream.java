package io.observability.demo.checkout.client;

import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Calls downstream services and reads their answers: problem bodies, and which failures are worth a retry. */
final class Downstream {

    private Downstream() {
    }

    /**
     * Runs a REST client call. A failure worth retrying (refused, reset, closed mid-request, a 5xx answer)
     * becomes a {@link DownstreamUnavailableException}; a 4xx answer stays a {@link WebApplicationException}
     * for the caller to read.
     */
    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() >= 500) {
                throw new DownstreamUnavailableException(service + " answered " + e.getResponse().getStatus(), e);
            }
            throw e;
        } catch (ProcessingException | VertxException e) {
            // Vert.x reports a connection closed mid-request (a crashed downstream) without wrapping it.
            throw new DownstreamUnavailableException(service + " could not be reached (" + rootMessage(e) + ")", e);
        }
    }

    static void run(String service, Runnable call) {
        call(service, () -> {
            call.run();
            return null;
        });
    }

    /** The problem body of an error response, or an empty map if it has none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> problem(WebApplicationException e) {
        try {
            Response response = e.getResponse();
            return response.hasEntity() ? response.readEntity(Map.class) : Map.of();
        } catch (RuntimeException unreadable) {
            return Map.of();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
