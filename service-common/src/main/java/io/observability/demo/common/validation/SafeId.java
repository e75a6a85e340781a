package io.observability.demo.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * An identifier a caller chooses (a customer id, an order id, an Idempotency-Key...): it is echoed into headers,
 * logs and problem details, so only letters, digits and {@code . _ : @ -}. Null and empty are valid here: that is
 * {@code @NotNull}'s, {@code @NotBlank}'s or {@code @Size}'s job.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = SafeId.PATTERN)
@ReportAsSingleViolation
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface SafeId {

    String PATTERN = "[A-Za-z0-9._:@-]*";

    String message() default "may only contain letters, digits and . _ : @ -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
