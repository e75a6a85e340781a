package io.observability.demo.common.label;

import java.util.Locale;

/**
 * An enum whose constants are shown in lower case ({@code OUT_OF_STOCK} as {@code out_of_stock}): in metric
 * labels, span attributes, logs and problem details. The constants themselves stay upper case, as stored.
 */
public interface Labelled {

    /** Implemented by every enum. */
    String name();

    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
