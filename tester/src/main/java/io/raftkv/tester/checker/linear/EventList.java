package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls and returns of one partition as a doubly linked list in real-time order, which the
 * {@link WglSearch} walks, lifting an op's call and return out when it linearizes the op and
 * putting them back when it backtracks. Each call also carries the counts its reductions read: per
 * value, the unlinearized ops that require it (all, and ok ones) and that produce it, kept up to
 * date by {@link #lift} and {@link #unlift}.
 */
final class EventList {

    /** A call or a return in the list. */
    static final class Entry {
        int id;
        Object input;
        boolean readOnly;
        boolean blind; // sets the state whatever it was: a write
        // Counts per value, of unlinearized ops: [0] requiring it, [1] ok and requiring it,
        // [2] producing it. Shared by every op that names the value.
        int[] produced; // the counts of the value this op produces, or null
        int[] required; // the counts of the value this op requires, or null
        boolean ok;
        long opIndex;
        Entry match; // the return of a call; null for a return
        Entry prev;
        Entry next;
    }

    /** A sentinel before the first event; {@code head.next} is null once every op is lifted. */
    final Entry head = new Entry();
    /** The counts per value that ops produce or require (see {@link Entry}). */
    final Map<Object, int[]> counts = new HashMap<>();

    /**
     * Builds the event list: a call at each invocation, a return at each ok completion, at a
     * settled position, or at +∞. Positions are doubled so a settled return goes just before
     * the event at its position.
     *
     * @param returns per op, a history position to put its return just before, or {@link
     *     IndeterminateOps#OPEN}; null for none
     */
    EventList(Model<Object, Object> model, List<History.Operation> ops, List<Object> inputs, long[] returns) {
        record Event(long pos, Entry entry) {}
        int n = ops.size();
        for (int i = 0; i < n; i++) {
            Object in = inputs.get(i);
            Object r = model.requires(in);
            if (r != null) {
                int[] c = counts.computeIfAbsent(r, x -> new int[3]);
                c[0]++;
                c[1] += ops.get(i).ok() ? 1 : 0;
            }
            Object p = model.produces(in);
            if (p != null) {
                counts.computeIfAbsent(p, x -> new int[3])[2]++;
            }
        }
        List<Event> events = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            History.Operation op = ops.get(i);
            Entry call = new Entry();
            Entry ret = new Entry();
            call.id = ret.id = i;
            call.input = inputs.get(i);
            call.readOnly = model.readOnly(call.input);
            Object produced = model.produces(call.input);
            Object req = model.requires(call.input);
            call.blind = produced != null && req == null;
            call.produced = produced == null ? null : counts.get(produced);
            call.required = req == null ? null : counts.get(req);
            call.ok = op.ok();
            call.opIndex = ret.opIndex = op.invoke().index();
            call.match = ret;
            long returnPos = op.ok()
                    ? 2L * op.completionPos()
                    : returns != null && returns[i] != IndeterminateOps.OPEN
                            ? 2L * returns[i] - 1
                            : Long.MAX_VALUE / 2 + i;
            events.add(new Event(2L * op.invokePos(), call));
            events.add(new Event(returnPos, ret));
        }
        events.sort((a, b) -> Long.compare(a.pos(), b.pos()));
        Entry prev = head;
        for (Event e : events) {
            prev.next = e.entry();
            e.entry().prev = prev;
            prev = e.entry();
        }
    }

    /** The first return in the list: the op that must be linearized before the search moves on. */
    Entry firstReturn() {
        Entry e = head.next;
        while (e != null && e.match != null) {
            e = e.next;
        }
        return e;
    }

    /** Takes a call and its return out of the list: its op is linearized. */
    static void lift(Entry call) {
        if (call.required != null) {
            call.required[0]--;
            call.required[1] -= call.ok ? 1 : 0;
        }
        if (call.produced != null) {
            call.produced[2]--;
        }
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    /** Puts back a call and its return that {@link #lift} took out, in reverse order of lifting. */
    static void unlift(Entry call) {
        if (call.required != null) {
            call.required[0]++;
            call.required[1] += call.ok ? 1 : 0;
        }
        if (call.produced != null) {
            call.produced[2]++;
        }
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
