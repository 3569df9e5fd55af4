package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knossos' {@code fifo-queue} and {@code unordered-queue}: {@code enqueue v} adds {@code v};
 * {@code dequeue} returns a value, legal only when that value is the head (fifo) or is in the
 * queue at all (unordered, a multiset). A dequeue of an empty queue, or one whose value is not
 * known (an indeterminate dequeue), is never legal; Knossos can only leave such a dequeue out,
 * and so does this model. The queue starts empty.
 */
public final class QueueModel implements Model<Object, QueueModel.Input> {

    public sealed interface Input {}

    public record Enqueue(Object value) implements Input {}

    public record Dequeue(Object value) implements Input {}

    private final boolean fifo;

    private QueueModel(boolean fifo) {
        this.fifo = fifo;
    }

    public static QueueModel fifo() {
        return new QueueModel(true);
    }

    public static QueueModel unordered() {
        return new QueueModel(false);
    }

    @Override
    public String name() {
        return fifo ? "fifo-queue" : "unordered-queue";
    }

    /** A List (fifo) or a Map from value to count (unordered), never mutated. */
    @Override
    public Object init() {
        return fifo ? List.of() : Map.of();
    }

    @Override
    public Input input(History.Operation op) {
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "enqueue" -> new Enqueue(Values.normalize(inv.value()));
            case "dequeue" ->
                op.ok() ? new Dequeue(Values.normalize(op.completion().value())) : null;
            default -> throw Inputs.unsupported(this, inv);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object step(Object state, Input input) {
        if (fifo) {
            List<Object> q = (List<Object>) state;
            return switch (input) {
                case Enqueue e -> Values.appended(q, e.value());
                case Dequeue d ->
                    !q.isEmpty() && q.getFirst().equals(d.value()) ? List.copyOf(q.subList(1, q.size())) : null;
            };
        }
        Map<Object, Integer> bag = (Map<Object, Integer>) state;
        Map<Object, Integer> next = new HashMap<>(bag);
        switch (input) {
            case Enqueue e -> next.merge(e.value(), 1, Integer::sum);
            case Dequeue d -> {
                Integer n = bag.get(d.value());
                if (n == null) {
                    return null;
                }
                if (n == 1) {
                    next.remove(d.value());
                } else {
                    next.put(d.value(), n - 1);
                }
            }
        }
        return Map.copyOf(next);
    }

    @Override
    public String describeState(Object state) {
        return String.valueOf(state);
    }

    @Override
    public String describeInput(Input input) {
        return switch (input) {
            case Enqueue e -> "enqueue " + e.value();
            case Dequeue d -> "dequeue → " + d.value();
        };
    }
}
