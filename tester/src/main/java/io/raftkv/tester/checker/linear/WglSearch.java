package io.raftkv.tester.checker.linear;

import io.raftkv.tester.checker.linear.EventList.Entry;
import io.raftkv.tester.history.History;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Wing &amp; Gong linearizability search with Lowe's memoization, as porcupine implements it.
 *
 * <p>Calls and returns of one partition form a doubly linked list in real-time order. The search
 * walks it: at a call, it tries to linearize that op now (the model accepts its result in the
 * current state, and the resulting (linearized set, state) pair is new), lifts the op's call and
 * return out of the list, and starts again from the head. Reaching a return means the op whose
 * return it is should already have been linearized: backtrack, unlift the last op and try the
 * next call after it. An empty list means every op found its place; backtracking past the first
 * op means none exists. Indeterminate ops return at +∞, so they may take effect any time after
 * their invocation, and linearizing one last is the same as it never happening.
 *
 * <p>One pruning beyond porcupine: a read-only op ({@link Model#readOnly}) that is a candidate
 * (every op that returned before it was invoked is already linearized) and is legal in the
 * current state can always be linearized first. Moving it to the front of any linearization of
 * the rest breaks no real-time order and changes no state. So the search takes such an op
 * before anything else. So when the search backtracks over such an op, the
 * configuration before it is dead as well. This stops the search from trying the 2^k orders of
 * k concurrent reads of the same value.
 *
 * <p>A second: a write whose value no op still to be linearized requires (no such read returns
 * it, no such cas expects it) can only be followed by another write, which overwrites it, or by
 * nothing (an indeterminate cas that would then do nothing may as well never happen). Any order that has it
 * stays valid with it moved to just before the next write, as early as it is a candidate. So
 * such "unread" writes are linearized together with the next write taken while they are
 * candidates, and alone only when their return comes first. That saves the search from trying
 * every subset of the concurrent overwritten writes, which is what makes many clients on one
 * register hard.
 *
 * <p>A third, for models whose states are the values ops produce and require (registers): a step
 * that leaves state {@code x} while an ok op still requires {@code x} and no op left produces
 * {@code x} strands that op for good, so it is not taken. With unique written values this cuts
 * the search off at the first wrong write instead of at the stranded read's return.
 *
 * <p>The cache keys on the linearized set in a compact form: the words of the bit set from the
 * first one with a clear bit, since everything before it is linearized. That keeps keys small on
 * long histories where porcupine copies the whole set.
 */
final class WglSearch {
    private static final int CHECK_EVERY = 1 << 10;
    private static final int MAX_STATES = 16;
    /** Object headers, fields and hash table slot of one cache entry, roughly. */
    private static final long ENTRY_OVERHEAD_BYTES = 112;

    private record Key(int start, long[] words, Object state, int hash) {
        // Bit sets of neighbouring configurations differ in few bits and states are often small
        // integers: Arrays.hashCode collides badly on them, so mix every word (murmur3 fmix64).
        static Key of(int start, long[] words, Object state) {
            long h = mix(start + 0x9E3779B97F4A7C15L);
            for (long w : words) {
                h = mix(h ^ w) + 0x9E3779B97F4A7C15L;
            }
            h = mix(h ^ state.hashCode());
            return new Key(start, words, state, (int) (h ^ (h >>> 32)));
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.hash == hash
                    && k.start == start
                    && Arrays.equals(k.words, words)
                    && k.state.equals(state);
        }
    }

    private final Model<Object, Object> model;
    private final Budget budget;
    private final EventList events;
    private final Entry head;
    private final boolean reduce;
    private final Map<Object, int[]> counts;
    private final int n;

    @SuppressWarnings("unchecked")
    WglSearch(Model<?, ?> model, List<History.Operation> ops, List<Object> inputs, Budget budget) {
        this(model, ops, inputs, null, true, budget);
    }

    /**
     * @param returns per op, a history position to put its return just before (an indeterminate
     *     op known to have taken effect before that point), or {@link IndeterminateOps#OPEN}; null
     *     for none
     * @param reduce whether to take unread writes along with the next write and to cut steps that
     *     strand an op (see the class comment); without, the search is plain WGL and its failing op
     *     is the one a reader expects: the first whose return cannot be reached
     */
    WglSearch(
            Model<?, ?> model,
            List<History.Operation> ops,
            List<Object> inputs,
            long[] returns,
            boolean reduce,
            Budget budget) {
        this.model = (Model<Object, Object>) model;
        this.budget = budget;
        this.reduce = reduce;
        this.n = ops.size();
        this.events = new EventList(this.model, ops, inputs, returns);
        this.head = events.head;
        this.counts = events.counts;
    }

    SearchOutcome run() {
        long[] bits = new long[(n + 63) >>> 6];
        int wordsInUse = 0;
        Entry[] stackEntries = new Entry[n];
        Object[] stackStates = new Object[n];
        boolean[] stackIdentity = new boolean[n];
        Entry[][] stackFlushed = new Entry[n][];
        int depth = 0;
        Set<Key> cache = new HashSet<>();
        long unbilledBytes = 0;

        // The longest prefix so far: best[0..bestLen) holds op ids; its first `common` entries
        // still equal the current stack, so a new best copies only what differs.
        int[] best = new int[n];
        int bestLen = -1;
        int common = 0;
        Entry failing = null;
        Set<Object> failingStates = new LinkedHashSet<>();

        Object state = model.init();
        Entry entry = firstCandidate(state);
        long steps = 0;
        while (head.next != null) {
            if (++steps % CHECK_EVERY == 0) {
                String reason = abortReason();
                if (reason == null && !budget.spend(unbilledBytes)) {
                    reason = "memory guard: the search cache outgrew its allowance after " + cache.size() + " entries";
                }
                unbilledBytes = 0;
                if (reason != null) {
                    return new SearchOutcome.Aborted(reason);
                }
            }
            if (entry.match != null) {
                if (unread(entry) && entry.match != events.firstReturn()) {
                    entry = entry.next; // taken along by the next write instead (see class doc)
                    continue;
                }
                Object next = model.step(state, entry.input);
                if (next == null || strands(state, next, entry)) {
                    entry = entry.next;
                    continue;
                }
                Entry[] flushed = entry.blind ? unreadCandidates(entry) : NONE;
                int id = entry.id;
                int word = id >>> 6;
                bits[word] |= 1L << id;
                int inUse = Math.max(wordsInUse, word + 1);
                for (Entry f : flushed) {
                    bits[f.id >>> 6] |= 1L << f.id;
                    inUse = Math.max(inUse, (f.id >>> 6) + 1);
                }
                int start = nextClearBit(bits, head.next.id) >>> 6;
                long[] slice = start < inUse ? Arrays.copyOfRange(bits, start, inUse) : new long[0];
                boolean identity = entry.readOnly;
                if (cache.add(Key.of(start, slice, next))) {
                    unbilledBytes += ENTRY_OVERHEAD_BYTES + 8L * slice.length;
                    wordsInUse = inUse;
                    stackEntries[depth] = entry;
                    stackStates[depth] = state;
                    stackIdentity[depth] = identity;
                    stackFlushed[depth] = flushed;
                    depth++;
                    state = next;
                    for (Entry f : flushed) {
                        EventList.lift(f);
                    }
                    EventList.lift(entry);
                    entry = firstCandidate(state);
                    continue;
                }
                bits[word] &= ~(1L << id);
                for (Entry f : flushed) {
                    bits[f.id >>> 6] &= ~(1L << f.id);
                }
                if (!identity) {
                    entry = entry.next;
                    continue;
                }
                // Seen and failed before with this read-only op taken: this configuration is dead.
            } else if (depth > bestLen) {
                // A return: its op cannot come next after this prefix.
                for (int i = common; i < depth; i++) {
                    best[i] = stackEntries[i].id;
                }
                bestLen = depth;
                common = depth;
                failing = entry;
                failingStates.clear();
                failingStates.add(state);
            } else if (depth == bestLen && entry == failing && failingStates.size() < MAX_STATES) {
                failingStates.add(state);
            }
            // Backtrack. A read-only op was free to take effect where it did: if nothing
            // follows it, nothing follows without it either, so its frame is dead too.
            boolean dead = true;
            while (dead) {
                if (depth == 0) {
                    return violation(best, bestLen, failing, failingStates);
                }
                depth--;
                Entry popped = stackEntries[depth];
                state = stackStates[depth];
                stackStates[depth] = null;
                dead = stackIdentity[depth];
                bits[popped.id >>> 6] &= ~(1L << popped.id);
                EventList.unlift(popped);
                Entry[] flushed = stackFlushed[depth];
                for (int f = flushed.length - 1; f >= 0; f--) {
                    bits[flushed[f].id >>> 6] &= ~(1L << flushed[f].id);
                    EventList.unlift(flushed[f]);
                }
                stackFlushed[depth] = null;
                entry = popped.next;
            }
            common = Math.min(common, depth);
            while (wordsInUse > 0 && bits[wordsInUse - 1] == 0) {
                wordsInUse--;
            }
        }
        budget.spend(unbilledBytes);
        return new SearchOutcome.Linearizable();
    }

    /**
     * The first op to try in a new configuration: a read-only candidate legal in {@code state} if
     * there is one (taking it loses nothing, and it pins the state before a write can move it),
     * else the head of the list. Candidates are the calls before the first return.
     */
    private Entry firstCandidate(Object state) {
        for (Entry e = head.next; e != null && e.match != null; e = e.next) {
            if (e.readOnly && model.step(state, e.input) != null) {
                return e;
            }
        }
        return head.next;
    }

    private static final Entry[] NONE = new Entry[0];

    /** Whether the reductions can change anything: the model names produced or required values. */
    boolean reduces() {
        return reduce && !counts.isEmpty();
    }

    /** A write whose value no op still to be linearized requires. */
    private boolean unread(Entry e) {
        return reduce && e.blind && e.produced[0] == 0;
    }

    /**
     * Whether taking {@code e} from {@code state} to {@code next} leaves an ok op that requires
     * {@code state} with no op left that could bring {@code state} back: that op can then never
     * be linearized, so this step leads nowhere.
     */
    private boolean strands(Object state, Object next, Entry e) {
        if (!reduce || next == state || next.equals(state)) {
            return false;
        }
        int[] c = counts.get(state);
        if (c == null || c[2] > 0) {
            return false;
        }
        int okWaiting = c[1] - (e.required == c && e.ok ? 1 : 0);
        return okWaiting > 0;
    }

    /** Unread writes other than {@code write} that are candidates now. */
    private Entry[] unreadCandidates(Entry write) {
        List<Entry> out = null;
        for (Entry e = head.next; e != null && e.match != null; e = e.next) {
            if (e != write && unread(e)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(e);
            }
        }
        return out == null ? NONE : out.toArray(NONE);
    }

    private String abortReason() {
        if (budget.stopped()) {
            return "cancelled: another partition is not linearizable";
        }
        if (budget.pastDeadline()) {
            return "timed out after " + budget.timeout();
        }
        return null;
    }

    private SearchOutcome violation(int[] best, int bestLen, Entry failing, Set<Object> states) {
        Entry[] byId = new Entry[n]; // every call is back in the list once the search fails
        for (Entry e = head.next; e != null; e = e.next) {
            if (e.match != null) {
                byId[e.id] = e;
            }
        }
        List<Long> prefix = new ArrayList<>(bestLen);
        for (int i = 0; i < bestLen; i++) {
            prefix.add(byId[best[i]].opIndex);
        }
        List<String> described = new ArrayList<>(states.size());
        for (Object s : states) {
            described.add(model.describeState(s));
        }
        String what = model.describeInput(byId[failing.id].input);
        return new SearchOutcome.Violation(failing.opIndex, what, List.copyOf(prefix), List.copyOf(described));
    }

    private static int nextClearBit(long[] bits, int from) {
        int w = from >>> 6;
        if (w >= bits.length) {
            return from;
        }
        long word = ~bits[w] & (-1L << from);
        while (word == 0) {
            if (++w == bits.length) {
                return w << 6;
            }
            word = ~bits[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }
}
