package io.observability.demo.common.label;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LabelledTest {

    enum Plain implements Labelled {
        OUT_OF_STOCK
    }

    enum InJson implements JsonLabelled {
        CARD_DECLINED
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theLabelIsTheConstantInLowerCase() {
        assertEquals("out_of_stock", Plain.OUT_OF_STOCK.label());
        assertEquals("card_declined", InJson.CARD_DECLINED.label());
    }

    @Test
    void onlyAJsonLabelledEnumIsWrittenAndReadAsItsLabel() throws Exception {
        assertEquals("\"OUT_OF_STOCK\"", json.writeValueAsString(Plain.OUT_OF_STOCK));
        assertEquals("\"card_declined\"", json.writeValueAsString(InJson.CARD_DECLINED));
        assertEquals(InJson.CARD_DECLINED, json.readValue("\"card_declined\"", InJson.class));
        assertEquals(Plain.OUT_OF_STOCK, json.readValue("\"OUT_OF_STOCK\"", Plain.class));
    }
}
