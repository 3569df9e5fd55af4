package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docker/compose.yaml is valid for the compose tool and describes the documented cluster. */
class ComposeFileIT {

    @Test
    void composeFileParsesAndPublishesThreeNodesOnLoopback() throws Exception {
        List<String> compose = composeTool();
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", "docker/compose.yaml", "config"));
        Process process = new ProcessBuilder(command)
                .directory(ContainerEngine.repoRoot().toFile())
                .redirectErrorStream(true)
                .start();
        String config = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "compose config finished");
        assertEquals(0, process.exitValue(), "compose config rejected docker/compose.yaml:\n" + config);

        for (int i = 1; i <= 3; i++) {
            assertTrue(config.contains("RAFTKV_ID: n" + i), "service n" + i + ":\n" + config);
            assertTrue(
                    config.contains("127.0.0.1:800" + i + ":8080")
                            || config.contains("published: \"800" + i + "\"")
                            || config.contains("published: 800" + i),
                    "n" + i + " HTTP published on 127.0.0.1:800" + i + ":\n" + config);
            assertTrue(
                    config.contains("n" + i + "-data:/data") || config.contains("source: n" + i + "-data"),
                    "n" + i + " keeps /data in a named volume:\n" + config);
        }
        assertTrue(config.contains("RAFTKV_PEERS: n1=n1:7000,n2=n2:7000,n3=n3:7000"), config);
        assertTrue(config.contains("image: raftkv-server:dev"), config);
        assertTrue(!config.contains("0.0.0.0"), "nothing published beyond loopback:\n" + config);
    }

    /** `docker compose` (the plugin) or Debian's docker-compose; skipped without either, except on CI. */
    private static List<String> composeTool() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            if (answers(version)) {
                return candidate;
            }
        }
        String reason = "no compose tool ('docker compose' or docker-compose; docker/engine.sh installs one)";
        if (ContainerEngine.onCi()) {
            fail("CI=true but " + reason);
        }
        Assumptions.abort(reason);
        return List.of();
    }

    private static boolean answers(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
