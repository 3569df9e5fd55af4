package io.raftkv.tester.disk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link DiskFs} run as a child JVM of this one (same Java, same class path): started over a
 * backing directory, serving it at a mount point, driven through its control socket, stopped by
 * {@link #close} (which also unmounts what a killed child left mounted).
 */
public final class DiskFsProcess implements AutoCloseable {
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path mount;
    private final DiskControl control;

    private DiskFsProcess(Process process, Path mount, DiskControl control) {
        this.process = process;
        this.mount = mount;
        this.control = control;
    }

    /**
     * Starts serving {@code backing} at {@code mount} (both made if missing), with its control socket
     * at {@code socket} and its output in {@code log}; returns once it serves.
     *
     * @throws IOException where it cannot start or does not serve in time (its log says why); where
     *     FUSE is missing here the message is {@link FuseSupport#missing}'s
     */
    public static DiskFsProcess start(Path backing, Path mount, Path socket, long seed, Path log) throws IOException {
        var missing = FuseSupport.missing();
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        Files.createDirectories(backing);
        Files.createDirectories(mount);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DiskFs.class.getName()));
        cmd.addAll(List.of("--backing", backing.toString(), "--mount", mount.toString()));
        cmd.addAll(List.of("--control", socket.toString(), "--seed", Long.toString(seed)));
        cmd.addAll(List.of(
                "--exit-with-parent", Long.toString(ProcessHandle.current().pid())));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("ready")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        DiskFsProcess fs = new DiskFsProcess(p, mount, new DiskControl(socket));
        try {
            if (ready.get(READY_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                return fs;
            }
        } catch (TimeoutException | ExecutionException e) {
            // said below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fs.close();
        throw new IOException("the disk-fault file system did not start serving " + mount + " (exit "
                + (p.isAlive() ? "none yet" : p.exitValue()) + "; log: " + log + ")");
    }

    public DiskControl control() {
        return control;
    }

    public Path mount() {
        return mount;
    }

    /** Sends one command (e.g. {@code "lose-unfsynced"}); returns the answer after {@code ok}. */
    public String send(String command) throws IOException {
        return control.send(command);
    }

    /** Stops serving: SIGTERM (the child unmounts), then SIGKILL and an unmount from here if needed. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        FuseSupport.unmount(mount);
    }
}
