package io.observability.demo.checkout.client;

import java.util.Map;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Reads the answers of downstream services: their problem bodies, and which failures are worth a retry. */
final class Downstream {

    private Downstream() {
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

    static boolean isServerError(WebApplicationException e) {
        return e.getResponse().getStatus() >= 500;
    }

    static DownstreamUnavailableException unavailable(String service, RuntimeException e) {
        String why = e instanceof ProcessingException
                ? "could not be reached (" + rootMessage(e) + ")"
                : "answered " + ((WebApplicationException) e).getResponse().getStatus();
        return new DownstreamUnavailableException(service + " " + why, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
