package io.observability.demo.checkout.api;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/** Marks the endpoints whose 400 answers count as {@code checkout_orders_total{outcome="invalid"}}. */
@NameBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface CountsInvalidRequests {
}
