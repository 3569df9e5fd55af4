package io.raftkv.server.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LayeredMapTest {

    private static Map<String, String> contents(LayeredMap.View view) {
        Map<String, String> seen = new LinkedHashMap<>();
        view.forEach(seen::put);
        return seen;
    }

    @Test
    void aCaptureKeepsItsContentsWhileWritesGoOn() {
        LayeredMap map = new LayeredMap();
        map.put("a", "1");
        map.put("b", "2");
        LayeredMap.View view = map.capture();
        map.put("a", "changed");
        map.remove("b");
        map.put("c", "new");
        assertEquals("changed", map.get("a"));
        assertNull(map.get("b"));
        assertEquals(2, map.size());
        assertEquals(Map.of("a", "1", "b", "2"), contents(view));
        assertEquals(2, view.size());
        view.release();
        assertThrows(IllegalStateException.class, () -> view.forEach((k, v) -> {}));
        assertEquals(Map.of("a", "changed", "c", "new"), contents(map.capture()));
    }

    @Test
    void writesAfterTheReleaseDrainTheOverlayWithoutAPause() {
        LayeredMap map = new LayeredMap();
        LayeredMap.View view = map.capture();
        for (int i = 0; i < 1000; i++) {
            map.put("k" + i, "v" + i);
        }
        assertEquals(1000, map.pending());
        view.release();
        assertEquals(1000, map.pending(), "the release itself moves nothing");
        int writes = 0;
        while (map.pending() > 0) {
            map.put("other" + writes++, "x");
        }
        assertEquals(1000 / LayeredMap.FOLD_PER_STEP, writes);
        for (int i = 0; i < 1000; i++) {
            assertEquals("v" + i, map.get("k" + i));
        }
        assertEquals(1000 + writes, map.size());
    }

    @Test
    void aCaptureWhileTheOverlayDrainsCopiesOnlyTheOverlay() {
        LayeredMap map = new LayeredMap();
        map.put("a", "base");
        LayeredMap.View first = map.capture();
        map.put("a", "overlay");
        map.remove("a");
        map.put("b", "overlay");
        first.release();
        assertEquals(2, map.pending(), "a's removal and b wait in the overlay");
        LayeredMap.View second = map.capture();
        map.put("b", "later");
        map.put("a", "later");
        assertEquals(Map.of("b", "overlay"), contents(second));
        second.release();
        assertEquals(Map.of("a", "later", "b", "later"), contents(map.capture()));
    }

    @Test
    void nullValuesAreRefused() {
        LayeredMap map = new LayeredMap();
        assertThrows(NullPointerException.class, () -> map.put("k", null));
        assertThrows(NullPointerException.class, () -> map.put(null, "v"));
    }

    /** What an open capture must show: the model's contents when it was taken. */
    private record Open(LayeredMap.View view, TreeMap<String, String> expected) {}

    @Test
    void behavesLikeATreeMapUnderRandomWritesCapturesAndReleases() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            LayeredMap map = new LayeredMap();
            TreeMap<String, String> model = new TreeMap<>();
            List<Open> open = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                String key = "k" + random.nextInt(30);
                String at = "seed " + seed + " step " + step;
                int op = random.nextInt(20);
                if (op < 9) {
                    String value = "v" + step;
                    assertEquals(model.put(key, value), map.put(key, value), at);
                } else if (op < 14) {
                    assertEquals(model.remove(key), map.remove(key), at);
                } else if (op < 16) {
                    open.add(new Open(map.capture(), new TreeMap<>(model)));
                } else if (op < 18 && !open.isEmpty()) {
                    Open o = open.remove(random.nextInt(open.size()));
                    checkView(o, at);
                    o.view().release();
                } else {
                    assertEquals(model.get(key), map.get(key), at);
                }
                assertEquals(model.size(), map.size(), at);
            }
            for (Open o : open) {
                checkView(o, "seed " + seed + " at the end");
                o.view().release();
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(model.get("k" + i), map.get("k" + i), "seed " + seed);
            }
            LayeredMap.View last = map.capture();
            assertEquals(
                    List.copyOf(model.entrySet()), List.copyOf(contents(last).entrySet()), "seed " + seed);
        }
    }

    private static void checkView(Open o, String at) {
        assertEquals(
                List.copyOf(o.expected().entrySet()),
                List.copyOf(contents(o.view()).entrySet()),
                at);
        assertEquals(o.expected().size(), o.view().size(), at);
    }
}
