package io.raftkv.tester.checker.graph;

import static io.raftkv.tester.checker.graph.Histories.append;
import static io.raftkv.tester.checker.graph.Histories.concurrent;
import static io.raftkv.tester.checker.graph.Histories.read;
import static io.raftkv.tester.checker.graph.Histories.txn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphCheckerTest {

    private final GraphChecker checker = new GraphChecker();

    @Test
    void g0_writeCycle_isFoundWithItsWwEdges() {
        var h = concurrent(
                txn(append("x", 1), append("y", 2)),
                txn(append("x", 2), append("y", 1)),
                txn(read("x", 1L, 2L)),
                txn(read("y", 1L, 2L)));
        var cycle = onlyCycle(checker.check(h), "G0");
        assertEquals(List.of("ww", "ww"), edges(cycle));
        assertEquals(List.of(0L, 1L), opIndexes(cycle).stream().sorted().toList());
    }

    @Test
    void g1c_readCycle_isFound() {
        var h = concurrent(txn(append("x", 1), read("y", 1L)), txn(append("y", 1), read("x", 1L)));
        var cycle = onlyCycle(checker.check(h), "G1c");
        assertEquals(List.of("wr", "wr"), edges(cycle));
    }

    @Test
    void gSingle_oneAntiDependency_isFound() {
        var h = concurrent(txn(read("x"), read("y", 1L)), txn(append("x", 1), append("y", 1)), txn(read("x", 1L)));
        var cycle = onlyCycle(checker.check(h), "G-single");
        assertEquals(List.of("rw", "wr"), edges(cycle));
        assertEquals(List.of(0L, 1L), opIndexes(cycle));
        assertEquals("x", ((Map<?, ?>) cycle.get(0)).get("key"));
    }

    @Test
    void g2_writeSkew_isFound() {
        var h = concurrent(
                txn(read("x"), append("y", 1)), txn(read("y"), append("x", 1)), txn(read("x", 1L), read("y", 1L)));
        var cycle = onlyCycle(checker.check(h), "G2");
        assertEquals(List.of("rw", "rw"), edges(cycle));
    }

    @Test
    void staleRead_isGSingleRealtime() {
        var h = new Histories()
                .serial(0, txn(append("x", 1)))
                .serial(1, txn(read("x")))
                .serial(2, txn(read("x", 1L)))
                .ops();
        var cycle = onlyCycle(checker.check(h), "G-single-realtime");
        assertEquals(List.of("rt", "rw"), edges(cycle));
        assertEquals(List.of(0L, 2L), opIndexes(cycle));
    }

    @Test
    void abortedRead_isG1a() {
        var h = new Histories()
                .invoke(0, txn(append("x", 1)))
                .complete(0, Op.Type.FAIL, txn(append("x", 1)))
                .serial(1, txn(read("x", 1L)))
                .ops();
        var result = checker.check(h);
        var example = only(result, "G1a");
        assertEquals(1L, example.get("value"));
        assertEquals(0L, ((Map<?, ?>) example.get("writer")).get("index"));
    }

    @Test
    void intermediateRead_isG1b() {
        var h = concurrent(txn(append("x", 1), append("x", 2)), txn(read("x", 1L)), txn(read("x", 1L, 2L)));
        var example = only(checker.check(h), "G1b");
        assertEquals(1L, example.get("value"));
        assertEquals(1L, ((Map<?, ?>) example.get("op")).get("index"));
    }

    @Test
    void valueReadTwice_isDuplicateElements() {
        var h = concurrent(txn(append("x", 1)), txn(read("x", 1L, 1L)));
        assertEquals(1L, only(checker.check(h), "duplicate-elements").get("value"));
    }

    @Test
    void readsThatAreNotPrefixesOfEachOther_areIncompatibleOrder() {
        var h = concurrent(txn(append("x", 1)), txn(append("x", 2)), txn(read("x", 1L, 2L)), txn(read("x", 2L, 1L)));
        var result = checker.check(h);
        var example = only(result, "incompatible-order");
        assertEquals(List.of(2L, 1L), example.get("values"));
    }

    @Test
    void valueNobodyAppended_isGarbageRead() {
        var h = concurrent(txn(append("x", 1)), txn(read("x", 1L, 9L)));
        assertEquals(9L, only(checker.check(h), "garbage-read").get("value"));
    }

    @Test
    void acknowledgedAppendNeverRead_isLostAppend() {
        var h = new Histories()
                .serial(0, txn(append("x", 1)))
                .serial(1, txn(append("x", 2)))
                .serial(2, txn(read("x", 2L)))
                .ops();
        CheckResult r = checker.check(h);
        Map<?, ?> anomalies = (Map<?, ?>) r.details().get("anomalies");
        // Append 1 is in the list before 2 (real time), yet 2 was read without it: also a cycle.
        assertEquals(List.of("G0-realtime", "lost-append"), List.copyOf(anomalies.keySet()), r.summary());
        assertEquals(1L, ((Map<?, ?>) ((List<?>) anomalies.get("lost-append")).get(0)).get("value"));
    }

    @Test
    void serialHistory_isValid() {
        var h = new Histories()
                .serial(0, txn(append("x", 1), read("x", 1L)))
                .nemesis("start-partition", Map.of("n1", List.of("n2")))
                .serial(1, txn(read("x", 1L), append("y", 2)))
                .serial(0, txn(read("y", 2L), read("x", 1L), append("x", 3)))
                .nemesis("stop-partition", null)
                .serial(1, txn(read("x", 1L, 3L)))
                .ops();
        CheckResult result = checker.check(h);
        assertEquals(Verdict.VALID, result.verdict(), result.summary());
    }

    @Test
    void indeterminateAppend_mayBeReadOrNot() {
        var h = new Histories()
                .invoke(0, txn(append("x", 1)))
                .complete(0, Op.Type.INFO, txn(append("x", 1)))
                .serial(1, txn(read("x")))
                .serial(2, txn(read("x", 1L)))
                .ops();
        assertEquals(Verdict.VALID, checker.check(h).verdict());
    }

    @Test
    void singleKeyAppendAndReadOps_areOneMicroOpTransactions() {
        List<Op> h = List.of(
                new Op(0, 0, 0, Op.Type.INVOKE, "append", "x", 1, null),
                new Op(1, 1, 0, Op.Type.OK, "append", "x", 1, null),
                new Op(2, 2, 1, Op.Type.INVOKE, "read", "x", null, null),
                new Op(3, 3, 1, Op.Type.OK, "read", "x", List.of(), null),
                new Op(4, 4, 1, Op.Type.INVOKE, "read", "x", null, null),
                new Op(5, 5, 1, Op.Type.OK, "read", "x", List.of(1), null));
        var cycle = onlyCycle(checker.check(h), "G-single-realtime");
        assertEquals(List.of(0L, 2L), opIndexes(cycle));
    }

    @Test
    void malformedTxn_isUnknownNamingTheOp() {
        List<Op> h = List.of(new Op(0, 0, 0, Op.Type.INVOKE, "txn", null, "oops", null));
        CheckResult result = checker.check(h);
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.summary().contains("op 0"), result.summary());
    }

    @Test
    void generatedConcurrentHistories_areValid() {
        for (long seed = 0; seed < 20; seed++) {
            List<Op> h = SyntheticAppendHistory.generate(2_000, 10, 20, seed);
            CheckResult result = checker.check(h);
            assertEquals(Verdict.VALID, result.verdict(), "seed " + seed + ": " + result.summary());
        }
    }

    @Test
    void generatedHistory_withOneStaleReadAppended_isInvalid() {
        List<Op> h = new java.util.ArrayList<>(SyntheticAppendHistory.generate(2_000, 10, 5, 7));
        // every earlier transaction has completed: reading k0 as empty misses their appends
        h.add(new Op(h.size(), h.size(), 99, Op.Type.INVOKE, "read", "k0", null, null));
        h.add(new Op(h.size(), h.size(), 99, Op.Type.OK, "read", "k0", List.of(), null));
        CheckResult result = checker.check(h);
        assertEquals(Verdict.INVALID, result.verdict(), result.summary());
        assertTrue(((Map<?, ?>) result.details().get("anomalies")).containsKey("G-single-realtime"), result.summary());
    }

    @Test
    void manyStaleReads_inALargeHistory_giveOneBigComponentAndACycle() {
        List<Op> h = new java.util.ArrayList<>(SyntheticAppendHistory.generate(20_000, 20, 200, 11));
        java.util.Random random = new java.util.Random(11);
        int stale = 0;
        for (int i = 0; i < h.size(); i++) {
            Op op = h.get(i);
            if (op.type() != Op.Type.OK || random.nextInt(50) != 0) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<List<Object>> mops = new java.util.ArrayList<>((List<List<Object>>) op.value());
            for (int m = 0; m < mops.size(); m++) {
                if (mops.get(m).get(0).equals("r") && ((List<?>) mops.get(m).get(2)).size() > 2) {
                    List<?> values = (List<?>) mops.get(m).get(2);
                    mops.set(m, java.util.Arrays.asList("r", mops.get(m).get(1), values.subList(0, values.size() - 2)));
                    stale++;
                    break;
                }
            }
            h.set(i, new Op(op.index(), op.time(), op.process(), op.type(), op.f(), op.key(), mops, null));
        }
        long start = System.nanoTime();
        CheckResult result = checker.check(h);
        System.out.printf(
                "graph checker: %d stale reads in %d ops found in %d ms: %s%n",
                stale, h.size(), (System.nanoTime() - start) / 1_000_000, result.summary());
        assertEquals(Verdict.INVALID, result.verdict(), result.summary());
        Map<?, ?> anomalies = (Map<?, ?>) result.details().get("anomalies");
        assertTrue(anomalies.keySet().stream().anyMatch(k -> ((String) k).startsWith("G")), result.summary());
    }

    @Test
    void hundredThousandOps_checkInSeconds() {
        List<Op> h = SyntheticAppendHistory.generate(100_000, 50, 1_000, 42);
        long start = System.nanoTime();
        CheckResult result = checker.check(h);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "graph checker: %d ops (%d txns, 50 processes) in %d ms: %s%n",
                h.size(), 100_000, ms, result.summary());
        assertEquals(Verdict.VALID, result.verdict(), result.summary());
    }

    // ---- helpers over result details

    private static Map<?, ?> only(CheckResult result, String anomaly) {
        assertEquals(Verdict.INVALID, result.verdict(), result.summary());
        Map<?, ?> anomalies = (Map<?, ?>) result.details().get("anomalies");
        assertEquals(List.of(anomaly), List.copyOf(anomalies.keySet()), result.summary());
        List<?> examples = (List<?>) anomalies.get(anomaly);
        assertEquals(1, examples.size(), result.summary());
        return (Map<?, ?>) examples.get(0);
    }

    private static List<?> onlyCycle(CheckResult result, String anomaly) {
        Map<?, ?> example = only(result, anomaly);
        System.out.println(anomaly + ": " + example.get("text"));
        return (List<?>) example.get("cycle");
    }

    private static List<String> edges(List<?> cycle) {
        return cycle.stream().map(s -> (String) ((Map<?, ?>) s).get("edge")).toList();
    }

    private static List<Long> opIndexes(List<?> cycle) {
        return cycle.stream()
                .map(s -> (Long) ((Map<?, ?>) ((Map<?, ?>) s).get("op")).get("index"))
                .toList();
    }
}
