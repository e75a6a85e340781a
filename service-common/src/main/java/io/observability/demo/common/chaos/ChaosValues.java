package io.observability.demo.common.chaos;

import java.util.Map;

/**
 * One consistent set of a service's chaos values. Implement it with an immutable record, so readers never see
 * half an update; its {@code toString()} is what the change log line prints.
 */
public interface ChaosValues {

    /** The JSON form {@code GET /q/chaos} returns and {@code PUT /q/chaos} accepts back. */
    Map<String, Object> toJson();
}
