package io.raftkv.tester.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Histories are put in index order, else time order, and keep the line of every op. */
class HistoryOrderTest {

    @Test
    void indexOrdersJsonLinesAndLinesFollowTheOps() {
        ParsedHistory p = HistoryFormat.JSONL.parseWithLines("""
                {"index":1,"process":0,"type":"ok","f":"read","value":null}

                {"index":0,"process":0,"type":"invoke","f":"read","value":null}
                """, "h.jsonl");
        assertEquals(List.of(0L, 1L), p.ops().stream().map(Op::index).toList());
        assertEquals(Op.Type.INVOKE, p.ops().get(0).type());
        assertEquals(3, p.line(0));
        assertEquals(1, p.lineOfIndex(1));
    }

    @Test
    void timeOrdersWhenNoOpHasAnIndex_andOpsAreNumberedInThatOrder() {
        ParsedHistory p = HistoryFormat.EDN.parseWithLines("""
                {:type :ok, :f :read, :value nil, :process 0, :time 20}
                {:type :invoke, :f :read, :value nil, :process 0, :time 10}
                """, "h.edn");
        assertEquals(
                List.of(Op.Type.INVOKE, Op.Type.OK),
                p.ops().stream().map(Op::type).toList());
        assertEquals(List.of(0L, 1L), p.ops().stream().map(Op::index).toList());
        assertEquals(2, p.line(0));
    }

    @Test
    void withoutIndexOrEveryTimeTheFileOrderStands() {
        List<Op> ops = JsonlHistory.read("""
                {"time":20,"process":0,"type":"invoke","f":"read","value":null}
                {"process":0,"type":"ok","f":"read","value":null}
                """, "h.jsonl");
        assertEquals(
                List.of(Op.Type.INVOKE, Op.Type.OK), ops.stream().map(Op::type).toList());
    }

    @Test
    void anIndexUsedTwiceNamesBothLines() {
        var e = assertThrows(HistoryParseException.class, () -> JsonlHistory.read("""
                {"index":0,"process":0,"type":"invoke","f":"read","value":null}
                {"index":0,"process":0,"type":"ok","f":"read","value":null}
                """, "h.jsonl"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("index 0 is used twice (also on line 1)"), e.problem());
    }

    @Test
    void ednTuplesSplitPerOperation_aCompletionWithoutATupleTakesItsInvocationsKey() {
        List<Op> ops = EdnHistory.read("""
                {:type :invoke, :f :write, :value [3 1], :process 0}
                {:type :info, :f :write, :value :timed-out, :process 0}
                {:type :invoke, :f :read, :value [4 nil], :process 1}
                {:type :ok, :f :read, :value [4 7], :process 1}
                """, "h.edn");
        assertEquals("3", ops.get(1).key());
        assertEquals("timed-out", ops.get(1).value());
        assertEquals("4", ops.get(3).key());
        assertEquals(7L, ops.get(3).value());
        assertNull(ops.get(2).value());
    }
}
