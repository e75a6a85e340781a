package io.observability.demo.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the {@link RunningSystem} before the first test class that needs it and closes it once the whole run
 * is over (the root context's store closes what it holds): one start for every scenario.
 */
public final class SystemExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SystemExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunningSystem.class, key -> RunningSystem.instance(),
                RunningSystem.class);
    }
}
