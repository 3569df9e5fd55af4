package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.EdnHistory;
import io.raftkv.tester.history.HistoryFormat;
import io.raftkv.tester.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written Jepsen {@code history.edn} files, as Jepsen's independent cas-register test writes them. */
class JepsenEdnHistoryTest {

    /** Two keys; on key 1 a crashed cas took effect; a nemesis partition in between. */
    static final String VALID = """
            {:type :invoke, :f :write, :value [0 1], :process 0, :time 1000, :index 0}
            {:type :invoke, :f :read, :value [1 nil], :process 1, :time 1100, :index 1}
            {:type :ok, :f :write, :value [0 1], :process 0, :time 2000, :index 2}
            {:type :ok, :f :read, :value [1 nil], :process 1, :time 2100, :index 3}
            {:type :info, :f :start, :value nil, :process :nemesis, :time 2500, :index 4}
            {:type :invoke, :f :write, :value [1 3], :process 0, :time 3000, :index 5}
            {:type :ok, :f :write, :value [1 3], :process 0, :time 3500, :index 6}
            {:type :invoke, :f :cas, :value [1 [3 4]], :process 1, :time 4000, :index 7}
            {:type :info, :f :cas, :value [1 [3 4]], :process 1, :time 9000, :index 8, :error :timeout}
            {:type :invoke, :f :read, :value [0 nil], :process 2, :time 9500, :index 9}
            {:type :ok, :f :read, :value [0 1], :process 2, :time 9600, :index 10}
            {:type :invoke, :f :cas, :value [0 [2 5]], :process 0, :time 9700, :index 11}
            {:type :fail, :f :cas, :value [0 [2 5]], :process 0, :time 9800, :index 12}
            {:type :info, :f :stop, :value nil, :process :nemesis, :time 9900, :index 13}
            {:type :invoke, :f :read, :value [1 nil], :process 2, :time 10000, :index 14}
            {:type :ok, :f :read, :value [1 4], :process 2, :time 10100, :index 15}
            """;

    /** The same, but key 0 then reads 1 after 2 was written and acknowledged: a stale read. */
    static final String INVALID = """
            [{:type :invoke, :f :write, :value [0 1], :process 0, :time 1000, :index 0}
             {:type :ok, :f :write, :value [0 1], :process 0, :time 2000, :index 1}
             {:type :invoke, :f :write, :value [1 7], :process 3, :time 2100, :index 2}
             {:type :ok, :f :write, :value [1 7], :process 3, :time 2200, :index 3}
             {:type :info, :f :start, :value [:isolate "n1"], :process :nemesis, :time 2500, :index 4}
             {:type :invoke, :f :write, :value [0 2], :process 1, :time 3000, :index 5}
             {:type :ok, :f :write, :value [0 2], :process 1, :time 3500, :index 6}
             {:type :invoke, :f :read, :value [0 nil], :process 2, :time 4000, :index 7, :node "n1"}
             {:type :ok, :f :read, :value [0 1], :process 2, :time 4100, :index 8, :node "n1"}]
            """;

    private static CheckResult check(String edn) {
        List<Op> history = EdnHistory.read(edn, "history.edn");
        Model<?, ?> model = Models.guess(history, HistoryFormat.EDN, Models.DEFAULT_INITIAL);
        assertEquals("cas-register", model.name(), "EDN registers get Knossos' model, per key");
        return new LinearizabilityChecker(model).check(history);
    }

    @Test
    void validJepsenHistory() {
        CheckResult r = check(VALID);
        assertEquals(Verdict.VALID, r.verdict(), r.summary());
    }

    @Test
    void invalidJepsenHistory() {
        CheckResult r = check(INVALID);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals("0", r.details().get("key"));
        assertEquals(7L, r.details().get("failingOp"));
        assertEquals(List.of(0L, 5L), r.details().get("linearizedPrefix"));
        assertEquals(List.of("2"), r.details().get("states"));
    }
}
