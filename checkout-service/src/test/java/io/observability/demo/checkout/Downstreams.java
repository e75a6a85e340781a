package io.observability.demo.checkout;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stand-ins for inventory-service and payment-service: two WireMock servers on free ports, which the REST
 * clients are pointed at. Each test stubs the answers it needs and can check what checkout sent.
 */
public class Downstreams implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer inventory;
    private static WireMockServer payment;

    public static WireMockServer inventory() {
        return inventory;
    }

    public static WireMockServer payment() {
        return payment;
    }

    @Override
    public Map<String, String> start() {
        // Fixed ports (free ones), so a test can stop a stand-in and start it again where checkout expects it.
        inventory = new WireMockServer(options().port(freePort()));
        payment = new WireMockServer(options().port(freePort()));
        inventory.start();
        payment.start();
        return Map.of(
                "quarkus.rest-client.inventory.url", inventory.baseUrl(),
                "quarkus.rest-client.payment.url", payment.baseUrl());
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        inventory.stop();
        payment.stop();
    }
}
