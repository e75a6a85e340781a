package io.observability.demo.common.problem;

import java.util.Map;

/**
 * Thrown by domain code for a designed outcome (out of stock, declined, unavailable...). The mapper turns
 * it into its problem response; a 5xx one is also recorded on the span as an error, a 4xx one is not.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
