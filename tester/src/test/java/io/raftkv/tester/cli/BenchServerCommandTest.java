package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.bench.BenchRequests;
import io.raftkv.tester.bench.BenchRequests.BenchSystem;
import io.raftkv.tester.bench.NodeCpu;
import io.raftkv.tester.bench.PhaseReport;
import io.raftkv.tester.disk.FuseSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options that are refused before any cluster starts. */
class BenchServerCommandTest {
    private static int exitCode(String... args) {
        var cmd = new CommandLine(new BenchServerCommand());
        cmd.setErr(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void badLoadShapesAreRefused() {
        assertEquals(3, exitCode("--rate", "-1"));
        assertEquals(3, exitCode("--threads", "0"));
        assertEquals(3, exitCode("--duration", "601"));
        assertEquals(3, exitCode("--phases", "writes,deletes"));
        assertEquals(3, exitCode("--rounds", "0"));
        assertEquals(3, exitCode("--warmup", "-1"));
        assertEquals(3, exitCode("--wrk", "--rate", "100"));
        assertEquals(3, exitCode("--wrk", "--phases", "reads"));
    }

    @Test
    void badBatchesAndSystemsAreRefused() {
        assertEquals(3, exitCode("--batch", "0"));
        assertEquals(3, exitCode("--batch", "100001"));
        assertEquals(3, exitCode("--batch", "100", "--keys", "99"));
        assertEquals(3, exitCode("--batch", "10", "--wrk"));
        assertEquals(3, exitCode("--system", "zookeeper"));
        assertEquals(3, exitCode("--system", "etcd"));
        assertEquals(3, exitCode("--system", "etcd", "--endpoints", "http://127.0.0.1:1", "--batch", "2"));
        assertEquals(3, exitCode("--endpoints", "127.0.0.1:2379"));
        assertEquals(3, exitCode("--endpoints", "http://127.0.0.1:1", "--server-flags", "--unsafe-no-fsync"));
    }

    @Test
    void theDiskFileSystemIsForTheNodesTheBenchStarts() {
        var withEndpoints = parsed("--disk-fs", "--endpoints", "http://127.0.0.1:1");
        assertTrue(withEndpoints.invalid().contains("--disk-fs"), withEndpoints.invalid());
        var local = parsed("--disk-fs");
        var missing = FuseSupport.missing();
        if (missing.isEmpty()) {
            assertNull(local.invalid());
        } else {
            assertTrue(local.invalid().contains("FUSE"), local.invalid());
        }
    }

    private static BenchServerCommand parsed(String... args) {
        var command = new BenchServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void aBatchWritesThatManyDistinctKeysPerRequest() {
        var command = parsed("--batch", "8000", "--value-size", "20");
        assertNull(command.invalid());
        assertEquals(8000, command.keyCount(), "the keys default to the batch when it is over 1000");
        BenchRequests requests = command.requests();
        assertEquals(new BenchRequests(BenchSystem.RAFTKV, 8000, 20, 8000), requests);
        var write = requests.writes().apply(0);
        assertEquals("/kv", write.uri());
        assertTrue(write.body().startsWith("{\"b0\":\"" + "v".repeat(20) + "\",\"b1\":"), write.body());
        assertEquals(1000, parsed("--batch", "100").keyCount());
        assertEquals(50, parsed("--keys", "50").keyCount());
    }

    @Test
    void etcdIsLoadedThroughItsEndpoints() {
        var command = parsed("--system", "etcd", "--endpoints", "http://127.0.0.1:2379,http://127.0.0.1:22379");
        assertNull(command.invalid());
        assertEquals(
                List.of(URI.create("http://127.0.0.1:2379"), URI.create("http://127.0.0.1:22379")), command.endpoints);
        assertEquals("/v3/kv/put", command.requests().writes().apply(0).uri());
    }

    @Test
    void aSummaryLineHoldsEntriesAndTheByteRateOfValues() {
        var command = parsed("--batch", "100", "--value-size", "1000");
        var h = new org.HdrHistogram.Histogram(3);
        h.recordValue(2000);
        var cpu = List.of(new NodeCpu("n1", 0.5), new NodeCpu("n2", 0.25), new NodeCpu("client", 0.1));
        var report = new PhaseReport("writes", 50, Map.of("HTTP 503", 2L), 10, h, cpu, 100);
        String[] fields = command.summaryLine("writes", report).split("\t");
        assertEquals(BenchServerCommand.SUMMARY_HEADER.split("\t").length, fields.length);
        assertEquals("15.0000", fields[11], "the nodes' 0.75 CPU s over 50 requests");
        assertEquals("2.0000", fields[12], "the client's 0.1 CPU s over 50 requests");
        var unknown = new PhaseReport("writes", 50, Map.of(), 10, h, List.of(new NodeCpu("client", 0.1)), 1);
        assertEquals("n/a", command.summaryLine("writes", unknown).split("\t")[11], "no node's CPU was measured");
        assertEquals(
                List.of("raftkv", "writes", "100", "1000", "5.0", "500.0"),
                List.of(fields).subList(0, 6));
        assertEquals("2.000", fields[6]);
        assertEquals("0.500", fields[9], "500 values of 1000 bytes a second");
        assertEquals("2", fields[10]);
    }

    @Test
    void endpointPids_nameOneRunningProcessPerEndpoint() {
        long self = ProcessHandle.current().pid();
        String two = "http://127.0.0.1:2379,http://127.0.0.1:22379";
        assertNull(parsed("--system", "etcd", "--endpoints", two, "--endpoint-pids", self + "," + self)
                .invalid());
        assertTrue(parsed("--system", "etcd", "--endpoints", two, "--endpoint-pids", String.valueOf(self))
                .invalid()
                .contains("one process id per --endpoints URL"));
        assertTrue(parsed("--endpoint-pids", String.valueOf(self)).invalid().contains("--endpoint-pids"));
        assertTrue(parsed("--system", "etcd", "--endpoints", two, "--endpoint-pids", self + ",999999999")
                .invalid()
                .contains("no process 999999999"));
    }

    @Test
    void theMedianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchServerCommand.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, BenchServerCommand.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
