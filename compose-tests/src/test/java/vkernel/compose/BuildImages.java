package vkernel.compose;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Builds the five images from this checkout before a class's containers start. Registered
 * before {@code @Testcontainers}, whose beforeAll starts the {@code @Container} fields:
 * extensions run in the order they are declared. Skips the class, with the reason, where
 * no Docker engine can be reached.
 */
final class BuildImages implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Docker.assumeEngine();
        Images.ensureBuilt();
    }
}
