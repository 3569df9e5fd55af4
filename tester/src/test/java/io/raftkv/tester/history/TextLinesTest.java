package io.raftkv.tester.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextLinesTest {

    @Test
    void splitsAtNewlinesOnly_numbersFromOne_andHasNoEmptyLineAfterAFinalNewline() {
        var lines = new TextLines("a\r\n\nb\n");
        assertEquals("a\r", lines.next());
        assertEquals(1, lines.number());
        assertEquals("", lines.next());
        assertEquals("b", lines.next());
        assertEquals(3, lines.number());
        assertNull(lines.next());
    }

    @Test
    void aLastLineWithoutNewline_isALine_andEmptyTextHasNone() {
        var lines = new TextLines("x\ny");
        lines.next();
        assertEquals("y", lines.next());
        assertNull(lines.next());
        assertNull(new TextLines("").next());
    }
}
