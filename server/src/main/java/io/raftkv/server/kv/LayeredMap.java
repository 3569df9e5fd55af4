package io.raftkv.server.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A sorted map of non-null strings whose contents can be captured while writes go on, without
 * copying it: {@link #capture()} freezes the sorted base map, and until every capture is {@link
 * View#release() released} writes go to a small overlay (a hash map, with a marker for removed
 * keys) that reads consult first. Once released, each later write (and each {@link #foldSome()})
 * also moves a few overlay entries back into the base, so the overlay drains without a pause.
 *
 * <p>A capture costs O(1) when the overlay is empty, and otherwise a copy of the overlay (the
 * writes made during an earlier capture that are not folded back yet). A write while a capture is
 * open costs a hash map put more than one into the base, and later the move into the base.
 *
 * <p>Not thread-safe: one thread reads, writes, captures and releases. A {@link View} may be read
 * by another thread once handed over (e.g. to an executor), until it is released.
 */
final class LayeredMap {
    /** Overlay entries moved into the base per {@link #foldSome()} once no capture is open. */
    static final int FOLD_PER_STEP = 4;

    // Compared by identity: an overlay value meaning "removed since the base was frozen".
    private static final String REMOVED = new String("removed");

    // Sorted: snapshots are byte-identical across replicas.
    private final TreeMap<String, String> base = new TreeMap<>();
    private final HashMap<String, String> overlay = new HashMap<>(); // newer than base
    private int size;
    private int openViews; // while positive, base does not change
    private String[] draining; // the overlay's keys to move into base, from drained on
    private int drained;

    /** The value of {@code key}, or null. */
    String get(String key) {
        if (!overlay.isEmpty()) {
            String v = overlay.get(key);
            if (v != null) {
                return v == REMOVED ? null : v;
            }
        }
        return base.get(key);
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }

    int size() {
        return size;
    }

    /** Writes held in the overlay, not yet in the base. */
    int pending() {
        return overlay.size();
    }

    /** Sets {@code key} to {@code value}; returns the previous value or null. */
    String put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        String old;
        if (openViews > 0) {
            old = get(key);
            overlay.put(key, value);
        } else if (overlay.isEmpty()) {
            old = base.put(key, value);
        } else {
            old = newest(overlay.remove(key), base.put(key, value));
            foldSome();
        }
        if (old == null) {
            size++;
        }
        return old;
    }

    /** Removes {@code key}; returns its value, or null if it was absent. */
    String remove(String key) {
        String old;
        if (openViews > 0) {
            old = get(key);
            if (old != null) {
                overlay.put(key, REMOVED);
            }
        } else if (overlay.isEmpty()) {
            old = base.remove(key);
        } else {
            old = newest(overlay.remove(key), base.remove(key));
            foldSome();
        }
        if (old != null) {
            size--;
        }
        return old;
    }

    /** The value a key had given its overlay entry (or null) and its base value. */
    private static String newest(String overlaid, String inBase) {
        return overlaid == null ? inBase : overlaid == REMOVED ? null : overlaid;
    }

    /** Moves up to {@link #FOLD_PER_STEP} overlay entries into the base, if no capture is open. */
    void foldSome() {
        if (draining == null) {
            return;
        }
        for (int n = 0; n < FOLD_PER_STEP && drained < draining.length; n++) {
            String key = draining[drained++];
            String v = overlay.remove(key); // null: a write has moved it already
            if (v == REMOVED) {
                base.remove(key);
            } else if (v != null) {
                base.put(key, v);
            }
        }
        if (drained == draining.length) {
            draining = null;
        }
    }

    /** The current contents, unaffected by later writes until released. */
    View capture() {
        openViews++;
        draining = null;
        String[] keys = new String[overlay.size()];
        String[] values = new String[keys.length];
        int i = 0;
        for (var e : overlay.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return new View(keys, values, size);
    }

    private void released() {
        if (--openViews == 0 && !overlay.isEmpty()) {
            draining = overlay.keySet().toArray(String[]::new);
            drained = 0;
        }
    }

    /**
     * The contents at a {@link #capture()}: the frozen base with the overlay entries of that moment
     * on top (copied unsorted; sorted by the first {@link #forEach}, on the reader's thread).
     */
    final class View {
        private final String[] keys;
        private final String[] values;
        private final int size;
        private boolean sorted;
        private boolean released;

        private View(String[] keys, String[] values, int size) {
            this.keys = keys;
            this.values = values;
            this.size = size;
        }

        int size() {
            return size;
        }

        /** Calls {@code action} with every key and value, in key order. */
        void forEach(BiConsumer<String, String> action) {
            if (released) {
                throw new IllegalStateException("the view was released");
            }
            sortOverlay();
            Iterator<Map.Entry<String, String>> older = base.entrySet().iterator();
            Map.Entry<String, String> next = older.hasNext() ? older.next() : null;
            for (int i = 0; i < keys.length; i++) {
                while (next != null && next.getKey().compareTo(keys[i]) < 0) {
                    action.accept(next.getKey(), next.getValue());
                    next = older.hasNext() ? older.next() : null;
                }
                if (next != null && next.getKey().equals(keys[i])) {
                    next = older.hasNext() ? older.next() : null; // overlaid
                }
                if (values[i] != REMOVED) {
                    action.accept(keys[i], values[i]);
                }
            }
            while (next != null) {
                action.accept(next.getKey(), next.getValue());
                next = older.hasNext() ? older.next() : null;
            }
        }

        private void sortOverlay() {
            if (sorted || keys.length == 0) {
                return;
            }
            Integer[] order = new Integer[keys.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
            String[] k = keys.clone();
            String[] v = values.clone();
            for (int i = 0; i < order.length; i++) {
                keys[i] = k[order[i]];
                values[i] = v[order[i]];
            }
            sorted = true;
        }

        /**
         * Ends the view; the map may then change its base. Call on the map's thread, once the view is
         * no longer read; later calls do nothing.
         */
        void release() {
            if (!released) {
                released = true;
                released();
            }
        }
    }
}
