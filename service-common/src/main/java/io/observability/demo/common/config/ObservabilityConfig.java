package io.observability.demo.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings service-common reads under {@code observability.}, the same in every service. */
@ConfigMapping(prefix = "observability")
public interface ObservabilityConfig {

    Metrics metrics();

    interface Metrics {

        /** {@code false} turns every meter into a no-op ({@code MetricsSwitch}): for the benchmark only. */
        @WithDefault("true")
        boolean enabled();
    }
}
