package io.raftkv.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as child processes of {@code server/target/raftkv-server.jar} on loopback ports, each with
 * its own data directory that survives a kill. Node output goes to {@code <dir>/<id>.log}.
 */
public final class JarCluster implements AutoCloseable {
    private final Path jar;
    private final Path dir;
    private final Map<String, Integer> httpPorts = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final String peers;
    private final List<String> extraArgs;
    private final Map<String, Process> processes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Nodes started with --join (instead of --peers): their raft port and the member they ask. */
    private final Map<String, Integer> joinRaftPorts = new HashMap<>();

    private final Map<String, String> joinVia = new HashMap<>();

    public JarCluster(Path jar, Path dir, int size, List<String> extraArgs) {
        this.jar = jar;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        StringJoiner p = new StringJoiner(",");
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            httpPorts.put(id, Ports.free());
            p.add(id + "=127.0.0.1:" + Ports.free());
        }
        this.peers = p.toString();
    }

    public JarCluster start() {
        httpPorts.keySet().forEach(this::start);
        return this;
    }

    /** Starts a new node that joins the running cluster through member {@code via} ({@code --join}). */
    public void join(String id, String via) {
        httpPorts.put(id, Ports.free());
        joinRaftPorts.put(id, Ports.free());
        joinVia.put(id, via);
        start(id);
    }

    public void start(String id) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--id",
                id,
                "--http",
                "127.0.0.1:" + httpPorts.get(id),
                "--data",
                dir.resolve(id).toString()));
        if (joinRaftPorts.containsKey(id)) {
            cmd.addAll(List.of(
                    "--raft",
                    "127.0.0.1:" + joinRaftPorts.get(id),
                    "--join",
                    "127.0.0.1:" + httpPorts.get(joinVia.get(id))));
        } else {
            cmd.addAll(List.of("--peers", peers));
        }
        cmd.addAll(extraArgs);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve(id + ".log").toFile()))
                    .start();
            processes.put(id, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Http.await(
                id + " answering /health",
                Duration.ofSeconds(30),
                () -> Http.get(url(id) + "/health"),
                r -> r.status() == 200);
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill(String id) {
        Process p = processes.remove(id);
        p.destroyForcibly();
        waitFor(p);
    }

    /** SIGTERM; returns the exit code. */
    public int terminate(String id) {
        Process p = processes.remove(id);
        p.destroy();
        return waitFor(p);
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("process " + p.pid() + " did not exit in 20 s");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> ids() {
        synchronized (httpPorts) {
            return new ArrayList<>(httpPorts.keySet());
        }
    }

    /** The ids of the running nodes, in id order. */
    public List<String> running() {
        return processes.keySet().stream().sorted().toList();
    }

    public String url(String id) {
        return "http://127.0.0.1:" + httpPorts.get(id);
    }

    public String log(String id) {
        try {
            return Files.readString(dir.resolve(id + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The leader every running node agrees on ({@link AgreedLeader#await}). */
    public String awaitLeader(Duration timeout) {
        return AgreedLeader.await(timeout, processes::keySet, this::url);
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            waitFor(p);
        }
        processes.clear();
    }
}
