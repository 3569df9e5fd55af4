package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Hand-written histories through {@code rig check}, each with the verdict a user should get. */
class CheckCommandVerdictsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int rig(String... args) {
        CommandLine cl = Rig.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private String check(String name, String text, String... flags) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        String[] args = new String[flags.length + 2];
        args[0] = "check";
        args[1] = p.toString();
        System.arraycopy(flags, 0, args, 2, flags.length);
        return rig(args) + " " + out + err;
    }

    /** The shape of an append run's history.jsonl. */
    private static final String APPEND_RUN = """
            {"index":0,"time":10,"process":0,"type":"invoke","f":"append","key":"k1","value":1}
            {"index":1,"time":20,"process":1,"type":"invoke","f":"read","key":"k1","value":null}
            {"index":2,"time":30,"process":0,"type":"ok","f":"append","key":"k1","value":1}
            {"index":3,"time":40,"process":1,"type":"ok","f":"read","key":"k1","value":[1]}
            {"index":4,"time":50,"process":0,"type":"invoke","f":"append","key":"k1","value":2}
            {"index":5,"time":60,"process":0,"type":"info","f":"append","key":"k1","value":2}
            {"index":6,"time":70,"process":1,"type":"invoke","f":"read","key":"k1","value":null}
            {"index":7,"time":80,"process":1,"type":"ok","f":"read","key":"k1","value":[1,2]}
            """;

    @Test
    void appendRunIsValidAndSaysTheGraphCheckerRan() throws Exception {
        String r = check("append.jsonl", APPEND_RUN);
        assertTrue(r.startsWith("0 "), r);
        assertTrue(r.contains("graph"), r);
    }

    @Test
    void checkerFlagPicksLinearOrBoth() throws Exception {
        String r = check("append.jsonl", APPEND_RUN, "--checker", "linear");
        assertTrue(r.startsWith("0 ") && r.contains("linear (list-append)"), r);
        r = check("append2.jsonl", APPEND_RUN, "--checker", "both");
        assertTrue(r.startsWith("0 ") && r.contains("graph") && r.contains("linear"), r);
    }

    @Test
    void numberValuedGetPutIsValid() throws Exception {
        String r = check("getput.jsonl", """
                {"index":0,"time":1,"process":0,"type":"invoke","f":"put","key":"a","value":1}
                {"index":1,"time":2,"process":0,"type":"ok","f":"put","key":"a","value":1}
                {"index":2,"time":3,"process":1,"type":"invoke","f":"get","key":"a","value":null}
                {"index":3,"time":4,"process":1,"type":"ok","f":"get","key":"a","value":1}
                """);
        assertTrue(r.startsWith("0 "), r);
    }

    @Test
    void ednNilReadTellsNothingAsInKnossos() throws Exception {
        String r = check("knossos.edn", """
                {:type :invoke, :f :write, :value 1, :process 0}
                {:type :ok, :f :write, :value 1, :process 0}
                {:type :invoke, :f :read, :value nil, :process 1}
                {:type :ok, :f :read, :value nil, :process 1}
                {:type :invoke, :f :cas, :value [1 2], :process 1}
                {:type :ok, :f :cas, :value [1 2], :process 1}
                """);
        assertTrue(r.startsWith("0 ") && r.contains("cas-register"), r);
    }

    @Test
    void appendNoReadSawIsOrderedAgainstTheReadThatMissedIt() throws Exception {
        // append 1 completes; append 2 starts after it; a read overlapping both sees only [2].
        String r = check("missed.jsonl", """
                {"index":0,"process":2,"type":"invoke","f":"read","key":"x","value":null}
                {"index":1,"process":0,"type":"invoke","f":"append","key":"x","value":1}
                {"index":2,"process":0,"type":"ok","f":"append","key":"x","value":1}
                {"index":3,"process":1,"type":"invoke","f":"append","key":"x","value":2}
                {"index":4,"process":1,"type":"ok","f":"append","key":"x","value":2}
                {"index":5,"process":2,"type":"ok","f":"read","key":"x","value":[2]}
                """);
        assertTrue(r.startsWith("1 "), r);
    }

    @Test
    void txnThatMissesItsOwnAppendIsInvalid() throws Exception {
        String r = check("internal.jsonl", """
                {"index":0,"process":0,"type":"invoke","f":"txn","value":[["append","x",1],["r","x",null]]}
                {"index":1,"process":0,"type":"ok","f":"txn","value":[["append","x",1],["r","x",[]]]}
                """);
        assertTrue(r.startsWith("1 ") && r.contains("internal"), r);
    }

    @Test
    void singleRegisterModelOnKeyedHistoryChecksEachKey() throws Exception {
        // Merged into one register, b's read of 1 would follow a's write.
        String r = check("keyed.jsonl", """
                {"index":0,"process":0,"type":"invoke","f":"write","key":"a","value":1}
                {"index":1,"process":0,"type":"ok","f":"write","key":"a","value":1}
                {"index":2,"process":1,"type":"invoke","f":"read","key":"b","value":null}
                {"index":3,"process":1,"type":"ok","f":"read","key":"b","value":1}
                """, "--model", "cas-register");
        assertTrue(r.startsWith("1 "), r);
        assertTrue(r.contains("key b"), r);
    }

    @Test
    void ednTuplesAreSplitPerOperation() throws Exception {
        // The failed write's completion carries no [k v] tuple; the rest are keyed.
        String r = check("independent.edn", """
                {:type :invoke, :f :write, :value [0 1], :process 0}
                {:type :ok, :f :write, :value [0 1], :process 0}
                {:type :invoke, :f :write, :value [1 2], :process 1}
                {:type :ok, :f :write, :value [1 2], :process 1}
                {:type :invoke, :f :write, :value [1 5], :process 3}
                {:type :fail, :f :write, :value nil, :process 3}
                {:type :invoke, :f :read, :value [0 nil], :process 2}
                {:type :ok, :f :read, :value [0 1], :process 2}
                """);
        assertTrue(r.startsWith("0 "), r);
    }

    @Test
    void processWithTwoOpenOpsIsBadInputNamingTheLine() throws Exception {
        String r = check("twice.jsonl", """
                {"index":0,"process":0,"type":"invoke","f":"write","value":1}
                {"index":1,"process":0,"type":"invoke","f":"write","value":2}
                {"index":2,"process":0,"type":"ok","f":"write","value":2}
                """);
        assertTrue(r.startsWith("3 "), r);
        assertTrue(r.contains("twice.jsonl:2:"), r);
    }

    @Test
    void completionWithoutInvocationIsBadInputNamingTheLine() throws Exception {
        String r = check("orphan.edn", """
                {:type :invoke, :f :write, :value 1, :process 0}
                {:type :ok, :f :write, :value 1, :process 0}
                {:type :ok, :f :read, :value 1, :process 4}
                """);
        assertTrue(r.startsWith("3 "), r);
        assertTrue(r.contains("orphan.edn:3:"), r);
    }

    @Test
    void indexOrdersTheHistory() throws Exception {
        String r = check("shuffled.jsonl", """
                {"index":3,"process":1,"type":"ok","f":"read","key":"a","value":1}
                {"index":1,"process":0,"type":"ok","f":"write","key":"a","value":1}
                {"index":2,"process":1,"type":"invoke","f":"read","key":"a","value":null}
                {"index":0,"process":0,"type":"invoke","f":"write","key":"a","value":1}
                """);
        assertTrue(r.startsWith("0 "), r);
    }

    @Test
    void timeOrdersTheHistoryWithoutIndex() throws Exception {
        // In file order the read of nil would come after the write completed: invalid.
        String r = check("timed.jsonl", """
                {"time":30,"process":0,"type":"invoke","f":"write","key":"a","value":1}
                {"time":40,"process":0,"type":"ok","f":"write","key":"a","value":1}
                {"time":10,"process":1,"type":"invoke","f":"read","key":"a","value":null}
                {"time":20,"process":1,"type":"ok","f":"read","key":"a","value":null}
                """);
        assertTrue(r.startsWith("0 "), r);
    }

    @Test
    void emptyHistoryIsBadInput() throws Exception {
        String r = check("empty.jsonl", "");
        assertTrue(r.startsWith("3 ") && r.contains("empty"), r);
        r = check("nemesis-only.jsonl", """
                {"index":0,"process":"nemesis","type":"info","f":"start-partition","value":null}
                """);
        assertTrue(r.startsWith("3 ") && r.contains("no client operation"), r);
    }

    @Test
    void unknownOpForTheModelIsBadInput() throws Exception {
        String r = check("queue.jsonl", """
                {"index":0,"process":0,"type":"invoke","f":"enqueue","value":1}
                {"index":1,"process":0,"type":"ok","f":"enqueue","value":1}
                """, "--model", "cas-register");
        assertTrue(r.startsWith("3 ") && r.contains("queue.jsonl:1:") && r.contains(":enqueue"), r);
    }

    @Test
    void committedExamplesMatchTheirExpectedVerdicts() {
        Path examples = Path.of("..", "histories", "examples");
        int exit = rig("check", examples.toString());
        assertTrue(out.toString().contains("match expected.tsv"), out.toString());
        assertTrue(!out.toString().contains("MISMATCH"), out.toString());
        assertEquals(1, exit, "the examples hold invalid runs: " + out);
    }
}
