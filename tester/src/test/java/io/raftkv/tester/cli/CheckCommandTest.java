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

class CheckCommandTest {
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

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String VALID = """
            {"index":0,"time":1,"process":0,"type":"invoke","f":"write","key":"a","value":1}
            {"index":1,"time":2,"process":0,"type":"ok","f":"write","key":"a","value":1}
            {"index":2,"time":3,"process":1,"type":"invoke","f":"read","key":"a","value":null}
            {"index":3,"time":4,"process":1,"type":"ok","f":"read","key":"a","value":1}
            """;

    private static final String INVALID = """
            INFO  jepsen.util - 0	:invoke	:write	1
            INFO  jepsen.util - 0	:ok	:write	1
            INFO  jepsen.util - 1	:invoke	:read	nil
            INFO  jepsen.util - 1	:ok	:read	nil
            """;

    @Test
    void validFileExitsZero() throws Exception {
        Path f = write("ok.jsonl", VALID);
        assertEquals(0, rig("check", f.toString()), err.toString());
        assertTrue(out.toString().contains("valid"), out.toString());
        assertTrue(out.toString().contains("kv"), "model chosen from keyed ops: " + out);
    }

    @Test
    void invalidFileExitsOneAndExplains() throws Exception {
        Path f = write("bad.log", INVALID);
        Path json = dir.resolve("results.json");
        Path html = dir.resolve("out.html");
        assertEquals(1, rig("check", f.toString(), "--json", json.toString(), "--html", html.toString()));
        assertTrue(out.toString().contains("invalid"), out.toString());
        assertTrue(out.toString().contains("op 2"), "names the failing op: " + out);
        String results = Files.readString(json);
        assertTrue(results.contains("\"failingOp\" : 2"), results);
        assertTrue(Files.readString(html).contains("op 2"));
    }

    @Test
    void folderIsComparedWithExpectedTsv() throws Exception {
        write("a.jsonl", VALID);
        write("b.log", INVALID);
        write("expected.tsv", "file\texpected\na.jsonl\tlinearizable\nb.log\tlinearizable\n");
        assertEquals(1, rig("check", dir.toString()));
        assertTrue(out.toString().contains("matches expected"), out.toString());
        assertTrue(out.toString().contains("MISMATCH: expected valid"), out.toString());
        assertTrue(out.toString().contains("1 of 2 DO NOT match"), out.toString());
    }

    @Test
    void unknownVerdictExitsTwo() throws Exception {
        // The same value appended twice: the graph checker cannot tell the order, so: unknown.
        Path f = write("twice.jsonl", """
                {"index":0,"process":0,"type":"invoke","f":"append","key":"x","value":1}
                {"index":1,"process":0,"type":"ok","f":"append","key":"x","value":1}
                {"index":2,"process":0,"type":"invoke","f":"append","key":"x","value":1}
                {"index":3,"process":0,"type":"ok","f":"append","key":"x","value":1}
                """);
        assertEquals(2, rig("check", f.toString()));
        assertTrue(out.toString().contains("unknown"), out.toString());
    }

    @Test
    void badInputExitsThreeNamingFileAndLine() throws Exception {
        Path f = write("broken.jsonl", VALID + "{\"index\":4,\"process\":1,\"type\":\"ok\",\"f\":\n");
        assertEquals(3, rig("check", f.toString()));
        assertTrue(out.toString().contains(f + ":5: bad JSON"), out.toString());
    }

    @Test
    void badFlagsExitThree() throws Exception {
        Path f = write("ok.jsonl", VALID);
        assertEquals(3, rig("check", f.toString(), "--model", "queue"));
        assertTrue(err.toString().contains("unknown model 'queue'"), err.toString());
        assertEquals(3, rig("check", f.toString(), "--format", "xml"));
        assertTrue(err.toString().contains("unknown history format 'xml'"), err.toString());
        assertEquals(3, rig("check", f.toString(), "--timeout", "soon"));
        assertTrue(err.toString().contains("--timeout"), err.toString());
        assertEquals(3, rig("check", dir.resolve("missing.edn").toString()));
        assertTrue(err.toString().contains("missing.edn: no such file"), err.toString());
    }
}
