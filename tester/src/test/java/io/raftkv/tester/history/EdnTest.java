package io.raftkv.tester.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdnTest {

    @Test
    void readsScalarsAndCollections() {
        Object v = Edn.parse("{:a 1, :b [nil true \"x\\ty\" -3 2.5], :c #{:k}, \"s\" (1 2), :d 12345678901234567890N}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(1L, m.get(Edn.Keyword.of("a")));
        assertEquals(java.util.Arrays.asList(null, true, "x\ty", -3L, 2.5), m.get(Edn.Keyword.of("b")));
        assertEquals(Set.of(Edn.Keyword.of("k")), m.get(Edn.Keyword.of("c")));
        assertEquals(List.of(1L, 2L), m.get("s"));
        assertEquals(new java.math.BigInteger("12345678901234567890"), m.get(Edn.Keyword.of("d")));
    }

    @Test
    void skipsCommentsDiscardsAndKeepsTags() {
        assertEquals(List.of(1L, 3L), Edn.parse("[1 #_2 3] ; trailing comment"));
        Edn.Tagged t = (Edn.Tagged) Edn.parse("#inst \"2015-01-01\"");
        assertEquals("inst", t.tag());
        assertEquals("2015-01-01", t.value());
        assertNull(Edn.parse("nil"));
        assertEquals(new Edn.Symbol("foo/bar"), Edn.parse("foo/bar"));
    }

    @Test
    void tracksLinesOfTopLevelValues() {
        Edn edn = new Edn("{:a 1}\n\n{:b\n 2}\n", 1);
        assertTrue(edn.hasNext());
        assertEquals(1, edn.line());
        edn.next();
        assertTrue(edn.hasNext());
        assertEquals(3, edn.line());
    }

    @Test
    void reportsMalformedInputWithLine() {
        Edn.ParseException e = assertThrows(Edn.ParseException.class, () -> Edn.parse("[1 2\n 3"));
        assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
        assertThrows(Edn.ParseException.class, () -> Edn.parse("{:a}"));
        assertThrows(Edn.ParseException.class, () -> Edn.parse("\"abc"));
        assertEquals(
                2,
                assertThrows(Edn.ParseException.class, () -> Edn.parse("[1\n ]]"))
                        .line());
    }
}
