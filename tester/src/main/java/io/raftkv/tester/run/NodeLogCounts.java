package io.raftkv.tester.run;

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
 * What the nodes of a run say happened to them, counted from their collected logs ({@code
 * nodes/<id>.log}): snapshots taken and installed, and elections won. A node's {@code /status}
 * counters start again at zero when its process is killed; its log keeps every process's lines
 * (Docker keeps a container's output across restarts, the local backend appends), so the logs are
 * the whole record.
 *
 * @param taken snapshots nodes wrote of their own state ("took snapshot at index ...")
 * @param installed snapshots nodes received from a leader and installed ("installed the leader's
 *     snapshot ...")
 * @param elections times a node became leader ("became leader in term ...", etcd's "became leader at
 *     term ..."), the first election of the run included
 * @param logs how many node logs were read; 0 means the figures are unknown
 */
public record NodeLogCounts(long taken, long installed, long elections, int logs) {
    /** The server's log line once a snapshot of its own is durable. */
    static final String TAKEN = "took snapshot at index ";
    /** The server's log line once a leader's snapshot replaced its state. */
    static final String INSTALLED = "installed the leader's snapshot ";
    /** The server's log line when it wins an election. */
    static final String ELECTED = "became leader in term ";
    /** etcd's (its raft library's) log line when a member wins an election. */
    static final String ETCD_ELECTED = "became leader at term ";

    public static final NodeLogCounts NONE = new NodeLogCounts(0, 0, 0, 0);

    /**
     * Leader changes after the first election: every later election means the cluster moved to a
     * new leader (or the same node again, in a new term, after it lost leadership).
     */
    public long leaderChanges() {
        return Math.max(0, elections - 1);
    }

    /** Counts over lines of one or more node logs. */
    static NodeLogCounts count(Stream<String> lines, int logs) {
        long[] n = new long[3];
        lines.forEach(line -> {
            if (line.contains(TAKEN)) {
                n[0]++;
            } else if (line.contains(INSTALLED)) {
                n[1]++;
            } else if (line.contains(ELECTED) || line.contains(ETCD_ELECTED)) {
                n[2]++;
            }
        });
        return new NodeLogCounts(n[0], n[1], n[2], logs);
    }

    /** Counts over every {@code *.log} in {@code nodesDir}; {@link #NONE} when there is none. */
    public static NodeLogCounts fromLogs(Path nodesDir) {
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
        var total = NONE;
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

    NodeLogCounts plus(NodeLogCounts o) {
        return new NodeLogCounts(taken + o.taken, installed + o.installed, elections + o.elections, logs + o.logs);
    }

    /** The snapshot figures, for results.json. */
    public Map<String, Object> describeSnapshots() {
        var out = new LinkedHashMap<String, Object>();
        out.put("taken", taken);
        out.put("installed", installed);
        return out;
    }
}
