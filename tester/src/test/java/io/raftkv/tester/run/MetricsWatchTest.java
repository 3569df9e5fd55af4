package io.raftkv.tester.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.net.Net;
import io.raftkv.tester.report.NodeLatency;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsWatchTest {
    @TempDir
    Path dir;

    private static String scrape(double fsyncSum, long fsyncCount, double commitSum, long commitCount) {
        return """
                # HELP raftkv_fsync_seconds time to write and fsync one batch
                # TYPE raftkv_fsync_seconds histogram
                raftkv_fsync_seconds_bucket{le="0.001"} 1
                raftkv_fsync_seconds_count %d
                raftkv_fsync_seconds_sum %s
                raftkv_commit_seconds_count %d
                raftkv_commit_seconds_sum %s
                raftkv_commit_index 42.0
                """.formatted(fsyncCount, fsyncSum, commitCount, commitSum);
    }

    /** A cluster nobody can reach: the watch only records what the test hands it. */
    private static final Cluster NOWHERE = new Cluster() {
        @Override
        public String backend() {
            return "none";
        }

        @Override
        public List<String> nodes() {
            return List.of("n1");
        }

        @Override
        public void start() {}

        @Override
        public URI http(String node) {
            return URI.create("http://127.0.0.1:9");
        }

        @Override
        public String raftAddress(String node) {
            return "127.0.0.1:9";
        }

        @Override
        public Net net() {
            return Net.noop();
        }

        @Override
        public void collectLogs(Path dir) {}

        @Override
        public void close() {}
    };

    @Test
    void meanLatencyPerInterval_fromHistogramDeltas_restartStartsANewBaseline() {
        var watch = new MetricsWatch(NOWHERE, () -> 0);
        watch.record("n1", scrape(0.010, 10, 0.100, 10), 1_000);
        watch.record("n1", scrape(0.030, 20, 0.400, 20), 2_000); // fsync 2 ms, commit 30 ms
        watch.record("n1", scrape(0.030, 20, 0.400, 20), 3_000); // nothing happened: 0
        watch.record("n1", scrape(0.001, 1, 0.005, 1), 4_000); // restarted: counters went back
        watch.record("n1", scrape(0.005, 3, 0.025, 3), 5_000); // fsync 2 ms, commit 10 ms
        List<NodeLatency> latencies = watch.latencies();
        assertEquals(2, latencies.size());
        NodeLatency fsync = latencies.stream()
                .filter(l -> l.metric().equals("fsync"))
                .findFirst()
                .orElseThrow();
        assertArrayEquals(new long[] {2_000, 3_000, 5_000}, fsync.timeNanos());
        assertArrayEquals(new double[] {2.0, 0, 2.0}, fsync.millis(), 1e-9);
        NodeLatency commit = latencies.stream()
                .filter(l -> l.metric().equals("commit"))
                .findFirst()
                .orElseThrow();
        assertArrayEquals(new double[] {30.0, 0, 10.0}, commit.millis(), 1e-9);
    }

    @Test
    void stop_savesEachNodesLastScrape() throws Exception {
        var watch = new MetricsWatch(NOWHERE, () -> 0);
        watch.record("n1", scrape(0.010, 10, 0.100, 10), 1_000);
        watch.stop(dir.resolve("nodes")); // its own last scrape fails: nothing listens on port 9
        String saved = Files.readString(dir.resolve("nodes/n1.metrics"));
        assertTrue(saved.contains("raftkv_commit_index 42.0"), saved);
    }

    @Test
    void sample_readsUnlabelledSamplesOnly() {
        String text = scrape(0.5, 3, 1, 1);
        assertEquals(OptionalDouble.of(3), MetricsWatch.sample(text, "raftkv_fsync_seconds_count"));
        assertEquals(OptionalDouble.of(42), MetricsWatch.sample(text, "raftkv_commit_index"));
        assertEquals(OptionalDouble.empty(), MetricsWatch.sample(text, "raftkv_fsync_seconds_bucket"));
        assertEquals(OptionalDouble.empty(), MetricsWatch.sample(text, "raftkv_missing"));
    }
}
