package io.raftkv.tester.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryReadersTest {

    private static final List<Op> SAMPLE = List.of(
            new Op(0, 1203411, 3, Op.Type.INVOKE, "cas", "k7", List.of(1L, 2L), null),
            new Op(1, 2911030, 3, Op.Type.OK, "cas", "k7", List.of(1L, 2L), null, "n2"),
            new Op(2, 5001200, Op.NEMESIS, Op.Type.INFO, "start-partition", null, Map.of("n1", List.of("n2")), null),
            new Op(3, 6000000, 4, Op.Type.INVOKE, "write", "k\"1", "a\nb", null),
            new Op(4, 7000000, 4, Op.Type.INFO, "write", "k\"1", "a\nb", "timeout"));

    @Test
    void jsonlRoundTrips() throws Exception {
        StringWriter w = new StringWriter();
        JsonlHistory.write(SAMPLE, w);
        assertTrue(
                w.toString()
                        .startsWith(
                                "{\"index\":0,\"time\":1203411,\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k7\",\"value\":[1,2]}\n"));
        assertTrue(w.toString().contains("\"process\":\"nemesis\""));
        assertTrue(w.toString().contains("\"value\":[1,2],\"node\":\"n2\"}"), "the node that served it: " + w);
        assertEquals(SAMPLE, JsonlHistory.read(w.toString(), "h.jsonl"));
        assertEquals(HistoryFormat.JSONL, HistoryFormat.detect("x", w.toString()));
    }

    @Test
    void ednRoundTrips() throws Exception {
        StringWriter w = new StringWriter();
        EdnHistory.write(SAMPLE, w);
        assertTrue(w.toString().contains(":process :nemesis"), w.toString());
        assertEquals(SAMPLE, EdnHistory.read(w.toString(), "h.edn"));
        assertEquals(HistoryFormat.EDN, HistoryFormat.detect("x", w.toString()));
    }

    @Test
    void readsJepsenEdnVectorWithIndependentKeysAndExtraKeys() {
        String edn = """
                [{:type :invoke, :f :read, :value [3 nil], :process 0, :time 10, :node "n1"}
                 {:type :ok, :f :read, :value [3 4], :process 0, :time 20}
                 {:type :info, :f :start, :value nil, :process :nemesis, :time 25}
                 {:type :invoke, :f :cas, :value [3 [4 5]], :process 1, :time 30}]
                """;
        List<Op> ops = EdnHistory.read(edn, "history.edn");
        assertEquals(4, ops.size());
        assertEquals("3", ops.get(1).key());
        assertEquals(4L, ops.get(1).value());
        assertEquals(20L, ops.get(1).time());
        assertEquals(Op.NEMESIS, ops.get(2).process());
        assertEquals(List.of(4L, 5L), ops.get(3).value());
    }

    @Test
    void plainCasRegisterValuesAreNotMistakenForTuples() {
        String edn = """
                {:type :invoke, :f :cas, :value [3 0], :process 0}
                {:type :fail, :f :cas, :value [3 0], :process 0}
                """;
        List<Op> ops = EdnHistory.read(edn, "h.edn");
        assertEquals(null, ops.get(0).key());
        assertEquals(List.of(3L, 0L), ops.get(0).value());
    }

    @Test
    void readsMitKvLines() {
        List<Op> ops = EdnHistory.read(
                "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
                        + "{:process 0, :type :ok, :f :get, :key \"5\", :value \"\"}\n",
                "c01.txt");
        assertEquals(new Op(0, -1, 0, Op.Type.INVOKE, "append", "0", "x 0 0 y", null), ops.get(0));
        assertEquals("", ops.get(1).value());
    }

    @Test
    void readsBothJepsenLogForms() {
        String log = """
                INFO  jepsen.core - Running test
                INFO  jepsen.util - 2	:invoke	:cas	[3 0]
                2024-01-01 12:00:00,000{GMT}	INFO	[jepsen worker 1] jepsen.util: 1	:invoke	:write	[0 2]
                INFO  jepsen.util - 2	:fail	:cas	[3 0]
                INFO  jepsen.util - :nemesis	:info	:start	"Cut off {:n1 #{:n2}}"
                INFO  jepsen.util - 1  :info  :write  :timed-out
                """;
        List<Op> ops = JepsenLog.read(log, "jepsen.log");
        assertEquals(5, ops.size());
        assertEquals(new Op(0, -1, 2, Op.Type.INVOKE, "cas", null, List.of(3L, 0L), null), ops.get(0));
        assertEquals(List.of(0L, 2L), ops.get(1).value());
        assertEquals(Op.NEMESIS, ops.get(3).process());
        Op timedOut = ops.get(4);
        assertEquals(Op.Type.INFO, timedOut.type());
        assertEquals(List.of(0L, 2L), timedOut.value(), "value comes from the invocation");
        assertEquals("timed-out", timedOut.error());
        assertEquals(HistoryFormat.JEPSEN_LOG, HistoryFormat.detect("x", log));
    }

    @Test
    void malformedLinesNameFileLineAndProblem() {
        var e = assertThrows(
                HistoryParseException.class,
                () -> JsonlHistory.read(
                        "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n{\"index\":1,\"process\":1,\"type\":\"okay\",\"f\":\"read\"}\n",
                        "h.jsonl"));
        assertEquals("h.jsonl", e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("h.jsonl:2: \"type\" must be"), e.getMessage());

        e = assertThrows(HistoryParseException.class, () -> JsonlHistory.read("{\"index\":0,", "h.jsonl"));
        assertEquals(1, e.line());
        assertTrue(e.problem().startsWith("bad JSON"), e.problem());

        e = assertThrows(
                HistoryParseException.class,
                () -> EdnHistory.read(
                        "{:type :invoke, :f :read, :process 0}\n{:type :ok :f :read :process \"x\"}\n", "h.edn"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains(":process"), e.problem());

        e = assertThrows(
                HistoryParseException.class,
                () -> EdnHistory.read(
                        "{:type :invoke, :f :read, :process 0}\n\n{:type :ok, :f :read, :process 0, :value [1\n",
                        "h.edn"));
        assertEquals(3, e.line());

        e = assertThrows(
                HistoryParseException.class,
                () -> JepsenLog.read(
                        "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]\nINFO  jepsen.util - 2\t:done\t:cas\t[3 0]\n",
                        "x.log"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains(":done"), e.problem());

        e = assertThrows(HistoryParseException.class, () -> JepsenLog.read("no ops here\n", "x.log"));
        assertTrue(e.problem().contains("no Jepsen op lines"), e.problem());
    }

    @Test
    void pairsInvocationsWithCompletions() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .invoke(1, "read", null)
                .add(Op.NEMESIS, Op.Type.INFO, "start", null, null)
                .ok(1, "read", 1L)
                .info(0, "write", 1L)
                .invoke(2, "read", null)
                .build();
        List<History.Operation> ops = History.operations(h);
        assertEquals(3, ops.size());
        assertTrue(ops.get(0).indeterminate());
        assertTrue(ops.get(1).ok());
        assertEquals(3, ops.get(1).completionPos());
        assertTrue(ops.get(2).indeterminate(), "never completed");

        var bad = new HistoryBuilder()
                .invoke(0, "read", null)
                .invoke(0, "read", null)
                .build();
        var e = assertThrows(History.MalformedHistoryException.class, () -> History.operations(bad));
        assertEquals(1, e.opIndex());
    }
}
