package io.observability.demo.checkout.client;

/** A downstream call that failed for a reason worth retrying: refused, reset, timed out, or a 5xx answer. */
public class DownstreamUnavailableException extends RuntimeException {

    public DownstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
