package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exit-with-parent}: a node started by a rig that dies does not outlive it. */
class ExitWithParentIT {
    @TempDir
    Path dir;

    @Test
    void aNodeShutsDownCleanlyWhenItsParentEnds() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        int http = Ports.free();
        Path log = dir.resolve("n1.log");
        Process node = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx128m",
                        "-jar",
                        Path.of("target", "raftkv-server.jar").toAbsolutePath().toString(),
                        "--id",
                        "n1",
                        "--http",
                        "127.0.0.1:" + http,
                        "--raft",
                        "127.0.0.1:" + Ports.free(),
                        "--data",
                        dir.resolve("n1").toString(),
                        "--exit-with-parent",
                        Long.toString(parent.pid())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Http.await(
                    "n1 answering /health",
                    Duration.ofSeconds(60),
                    () -> Http.get("http://127.0.0.1:" + http + "/health"),
                    r -> r.status() == 200);
            assertTrue(node.isAlive(), "the node runs while its parent does");
            parent.destroyForcibly();
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node exits once its parent has ended");
            assertEquals(0, node.exitValue(), Files.readString(log));
            String text = Files.readString(log);
            assertTrue(text.contains("parent process " + parent.pid() + " ended: shutting down"), text);
            assertTrue(text.contains("stopped"), "a clean shutdown: " + text);
        } finally {
            parent.destroyForcibly();
            node.destroyForcibly();
        }
    }
}
