package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.raftkv.tester.cluster.DockerCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The server image's promises: unprivileged server, data volume, health check, root for iptables, clean stop. */
@RequiresDockerEngine
class ServerImageIT {
    private static DockerCluster cluster;
    private static GenericContainer<?> node;

    @BeforeAll
    static void startOneNode() {
        ContainerEngine.require();
        cluster = new DockerCluster(1, "server-image-it", ContainerEngine.serverImage(), List.of());
        cluster.start();
        node = cluster.container("n1");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void serverRunsUnprivilegedWithItsDataInTheVolume() throws Exception {
        ExecResult id = node.execInContainer("id", "-u");
        assertEquals("10001", id.getStdout().strip(), "uid of the server user");
        ExecResult java = node.execInContainer("ps", "-o", "user=,args=", "-p", "1");
        assertTrue(java.getStdout().startsWith("raftkv "), "PID 1 is the server, run by raftkv: " + java.getStdout());
        assertTrue(
                node.getCurrentContainerInfo().getMounts().stream()
                        .anyMatch(m -> "/data".equals(m.getDestination().getPath())),
                "/data is a volume");
    }

    /**
     * A standalone deployment keeps the image's health check (the rig turns it off in its own
     * containers, which it probes from the host, since an engine exec and a pause can deadlock).
     */
    @Test
    void healthCheckReportsHealthyWhenRunStandalone() {
        try (var standalone = new GenericContainer<>(DockerImageName.parse(ContainerEngine.serverImage()))
                .withEnv("RAFTKV_ID", "n1")) {
            standalone.start();
            Await.condition("docker reports the standalone node healthy", Duration.ofSeconds(60), () -> {
                InspectContainerResponse.ContainerState state =
                        standalone.getCurrentContainerInfo().getState();
                return state.getHealth() != null
                        && "healthy".equals(state.getHealth().getStatus());
            });
        }
    }

    @Test
    void rootCanChangeIptablesForTheNemesis() throws Exception {
        String[] drop = {"iptables", "-A", "INPUT", "-p", "tcp", "--dport", "7000", "-j", "DROP"};
        ExecResult added = node.execInContainer(
                ExecConfig.builder().user("root").command(drop).build());
        assertEquals(0, added.getExitCode(), added.getStderr());
        ExecResult listed = node.execInContainer(ExecConfig.builder()
                .user("root")
                .command(new String[] {"iptables", "-S", "INPUT"})
                .build());
        assertTrue(listed.getStdout().contains("--dport 7000 -j DROP"), listed.getStdout());
        drop[1] = "-D";
        assertEquals(
                0,
                node.execInContainer(
                                ExecConfig.builder().user("root").command(drop).build())
                        .getExitCode());
    }

    @Test
    void dockerStopEndsTheServerWithSigtermNotSigkill() {
        try (DockerCluster own = new DockerCluster(1, "server-image-it", ContainerEngine.serverImage(), List.of())) {
            own.start();
            GenericContainer<?> stopped = own.container("n1");
            long started = System.nanoTime();
            stopped.getDockerClient()
                    .stopContainerCmd(stopped.getContainerId())
                    .withTimeout(20)
                    .exec();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            int exitCode = stopped.getCurrentContainerInfo()
                    .getState()
                    .getExitCodeLong()
                    .intValue();
            // 143 = 128 + SIGTERM (the JVM's exit after its shutdown hooks), 0 = the server's own exit;
            // 137 would mean the engine had to SIGKILL it after the grace period.
            assertTrue(exitCode == 0 || exitCode == 143, "exit code " + exitCode + " after docker stop");
            assertTrue(elapsedMs < 20_000, "stopped in " + elapsedMs + " ms");
        }
    }
}
