package io.raftkv.tester.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How many snapshots the nodes of a run took and installed, counted from their collected logs
 * ({@code nodes/<id>.log}). A node's {@code /status} counters start again at zero when its process
 * is killed; its log keeps every process's lines (Docker keeps a container's output across restarts,
 * the local backend appends), so the logs are the whole record.
 *
 * @param taken snapshots nodes wrote of their own state ("took snapshot at index ...")
 * @param installed snapshots nodes received from a leader and installed ("installed the leader's
 *     snapshot ...")
 * @param logs how many node logs were read; 0 means the figures are unknown
 */
public record SnapshotCounts(long taken, long installed, int logs) {
    /** The server's log line once a snapshot of its own is durable (RaftNode). */
    static final String TAKEN = "took snapshot at index ";
    /** The server's log line once a leader's snapshot replaced its state (RaftNode). */
    static final String INSTALLED = "installed the leader's snapshot ";

    public static final SnapshotCounts NONE = new SnapshotCounts(0, 0, 0);

    /** Counts over lines of one or more node logs. */
    static SnapshotCounts count(Stream<String> lines, int logs) {
        long[] n = new long[2];
        lines.forEach(line -> {
            if (line.contains(TAKEN)) {
                n[0]++;
            } else if (line.contains(INSTALLED)) {
                n[1]++;
            }
        });
        return new SnapshotCounts(n[0], n[1], logs);
    }

    /** Counts over every {@code *.log} in {@code nodesDir}; {@link #NONE} when there is none. */
    public static SnapshotCounts fromLogs(Path nodesDir) {
        if (!Files.isDirectory(nodesDir)) {
            return NONE;
        }
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(nodesDir)) {
            list.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodesDir, e);
        }
        var total = new SnapshotCounts(0, 0, 0);
        for (Path f : files) {
            try {
                // new String replaces bytes that are not UTF-8, e.g. a line cut off by SIGKILL.
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                total = total.plus(count(text.lines(), 1));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return total;
    }

    SnapshotCounts plus(SnapshotCounts o) {
        return new SnapshotCounts(taken + o.taken, installed + o.installed, logs + o.logs);
    }

    /** For results.json. */
    public Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("taken", taken);
        out.put("installed", installed);
        out.put("node_logs", logs);
        return out;
    }
}
