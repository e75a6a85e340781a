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
        inventory = new WireMockServer(options().dynamicPort());
        payment = new WireMockServer(options().dynamicPort());
        inventory.start();
        payment.start();
        return Map.of(
                "quarkus.rest-client.inventory.url", inventory.baseUrl(),
                "quarkus.rest-client.payment.url", payment.baseUrl());
    }

    @Override
    public void stop() {
        inventory.stop();
        payment.stop();
    }
}
