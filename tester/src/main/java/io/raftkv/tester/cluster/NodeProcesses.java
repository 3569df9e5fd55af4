package io.raftkv.tester.cluster;

import io.raftkv.tester.system.SystemUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a local cluster, one per node, under a run folder: data in {@code
 * <dir>/data/<id>}, output appended to the system's log file in {@code <dir>/nodes/}, and while a
 * node runs, its pid in {@code <dir>/nodes/<id>.pid} ({@link PidFile}), so that a node left running
 * by a rig that died can be found ({@link Leftovers}). Kill is SIGKILL, pause SIGSTOP and SIGCONT.
 * Thread-safe.
 */
final class NodeProcesses {
    private final Path dir;
    private final SystemUnderTest system;
    /** How messages name a node: "node", "etcd node". */
    private final String noun;

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Long> logOffsets = new LinkedHashMap<>();
    private final ProcessStamp rig = ProcessStamp.current();

    NodeProcesses(Path dir, SystemUnderTest system, String noun) {
        this.dir = dir;
        this.system = system;
        this.noun = noun;
    }

    /** Creates the log folder and each node's data directory. */
    void createDirectories(List<String> nodes) {
        try {
            Files.createDirectories(dir.resolve("nodes"));
            for (var node : nodes) {
                Files.createDirectories(dataDir(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dataDir(String node) {
        return dir.resolve("data").resolve(node);
    }

    Path logFile(String node) {
        return dir.resolve("nodes").resolve(system.logFile(node));
    }

    private Path pidFile(String node) {
        return dir.resolve("nodes").resolve(node + PidFile.SUFFIX);
    }

    /** Starts {@code node} with {@code command}, its output appended to its log. */
    synchronized void launch(String node, List<String> command) {
        try {
            Path log = logFile(node);
            logOffsets.put(node, Files.exists(log) ? Files.size(log) : 0L);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            processes.put(node, p);
            var stamp = ProcessStamp.of(p.toHandle());
            if (stamp.isPresent()) {
                new PidFile(stamp.get(), rig).write(pidFile(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + noun + " " + node, e);
        }
    }

    /** Whether the node's output since its last launch contains {@code text}. */
    synchronized boolean loggedSinceLaunch(String node, String text) {
        return outputSinceLaunch(node).contains(text);
    }

    /** The first line of the node's output since its last launch that says why it stopped by itself. */
    synchronized Optional<String> whyStoppedSinceLaunch(String node) {
        return outputSinceLaunch(node).lines().filter(system::saysWhyItStopped).findFirst();
    }

    private String outputSinceLaunch(String node) {
        Path log = logFile(node);
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(logOffsets.getOrDefault(node, 0L), Files.size(log)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The launched nodes whose process has exited, in launch order. */
    synchronized List<String> exited() {
        return processes.entrySet().stream()
                .filter(e -> !e.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** "node n1 exited with 1; see <log>", for a node in {@link #exited()}. */
    synchronized String exitMessage(String node) {
        return noun + " " + node + " exited with " + processes.get(node).exitValue() + "; see " + logFile(node);
    }

    synchronized boolean isRunning(String node) {
        Process p = processes.get(node);
        return p != null && p.isAlive();
    }

    /** SIGKILL; returns once the process is gone. */
    synchronized void kill(String node) {
        Process p = processes.get(node);
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(noun + " " + node + " survived SIGKILL for 10 s");
            }
            deletePidFile(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code kill -<signal>} (STOP, CONT) to the node's process, if it runs. */
    void signal(String node, String signal) {
        Process p;
        synchronized (this) {
            p = processes.get(node);
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        int rc = run(List.of("kill", "-" + signal, Long.toString(p.pid())));
        if (rc != 0 && p.isAlive() && !Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " exited with " + rc);
        }
    }

    /** Copies each node's log to {@code target/<id>.log}. */
    void collectLogs(List<String> nodes, Path target) {
        try {
            Files.createDirectories(target);
            for (var node : nodes) {
                Path log = logFile(node);
                Path to = target.resolve(node + ".log");
                if (Files.exists(log) && !log.toAbsolutePath().equals(to.toAbsolutePath())) {
                    Files.copy(log, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thaws and stops every node: SIGTERM, so the logs end well, then SIGKILL after 5 s. */
    synchronized void stopAll() {
        for (var node : processes.keySet()) {
            signal(node, "CONT");
            processes.get(node).destroy();
        }
        for (var entry : processes.entrySet()) {
            Process p = entry.getValue();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            if (!p.isAlive()) {
                deletePidFile(entry.getKey());
            }
        }
    }

    private void deletePidFile(String node) {
        try {
            Files.deleteIfExists(pidFile(node));
        } catch (IOException e) {
            // the rig's own folder: nothing better to do than leave it
        }
    }

    /** Runs a short command, its output discarded; its exit status, or -1 if interrupted. */
    static int run(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
