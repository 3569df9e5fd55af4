package io.raftkv.tester.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ops as a reader found them, each with the line it came from, before ordering. A history is
 * ordered by {@code index} when any op carries one, else by {@code time} when every op carries
 * one; the sort is stable, and a history ordered by time is numbered again from 0.
 */
public final class ParsedHistory {
    private final String file;
    private final List<Op> ops = new ArrayList<>();
    private int[] lines = new int[64];
    private boolean indexed;

    ParsedHistory(String file) {
        this.file = file;
    }

    private ParsedHistory(String file, List<Op> ops, int[] lines, boolean indexed) {
        this.file = file;
        this.ops.addAll(ops);
        this.lines = lines;
        this.indexed = indexed;
    }

    /** Adds an op read at {@code line}; {@code explicitIndex} when the file gave its index. */
    void add(Op op, int line, boolean explicitIndex) {
        if (ops.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[ops.size()] = line;
        ops.add(op);
        indexed |= explicitIndex;
    }

    int size() {
        return ops.size();
    }

    public List<Op> ops() {
        return ops;
    }

    /** The 1-based line of the op at {@code position} in {@link #ops()}. */
    public int line(int position) {
        return lines[position];
    }

    /** The 1-based line of the op with {@link Op#index()} {@code index}, or 0 if there is none. */
    public int lineOfIndex(long index) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).index() == index) {
                return lines[i];
            }
        }
        return 0;
    }

    /**
     * This history in its real order: by index if the file gave any, else by time if every op has
     * one, else as read.
     *
     * @throws HistoryParseException when two ops share an index
     */
    public ParsedHistory ordered() {
        Integer[] order = new Integer[ops.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        boolean timed = !ops.isEmpty() && ops.stream().allMatch(op -> op.time() >= 0);
        if (indexed) {
            Map<Long, Integer> seen = new HashMap<>();
            for (int i = 0; i < ops.size(); i++) {
                Integer before = seen.put(ops.get(i).index(), i);
                if (before != null) {
                    throw new HistoryParseException(
                            file,
                            lines[i],
                            "index " + ops.get(i).index() + " is used twice (also on line " + lines[before] + ")");
                }
            }
            Arrays.sort(
                    order, (a, b) -> Long.compare(ops.get(a).index(), ops.get(b).index()));
        } else if (timed) {
            Arrays.sort(
                    order, (a, b) -> Long.compare(ops.get(a).time(), ops.get(b).time()));
        } else {
            return this;
        }
        List<Op> sorted = new ArrayList<>(ops.size());
        int[] sortedLines = new int[ops.size()];
        for (int i = 0; i < order.length; i++) {
            Op op = ops.get(order[i]);
            sorted.add(indexed ? op : op.withIndex(i));
            sortedLines[i] = lines[order[i]];
        }
        return new ParsedHistory(file, sorted, sortedLines, indexed);
    }
}
