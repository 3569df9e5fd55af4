package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.tester.cluster.DockerCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * What the container tests need from the machine: an engine, the repository, the server image.
 *
 * <p>Without an engine, test classes marked {@link RequiresDockerEngine} are skipped with the reason,
 * except under {@code CI=true}, where a skipped container suite would hide that it never ran: there
 * they fail.
 */
final class ContainerEngine {
    private static boolean imageBuilt;

    private ContainerEngine() {}

    /** Fails when no Docker engine answers; {@link RequiresDockerEngine} has already skipped such classes off CI. */
    static void require() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("no Docker engine answers (start one with docker/engine.sh): the container tests must run on CI");
        }
    }

    /** True when CI=true: missing tools are then failures, not skips. */
    static boolean onCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** The repository root: the nearest directory above the working one that holds docker/Dockerfile. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/Dockerfile"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no docker/Dockerfile above " + Path.of("").toAbsolutePath());
    }

    /**
     * Builds {@value DockerCluster#DEFAULT_IMAGE} from the current server jar with docker/server-image.sh (which
     * also makes the base image when it is missing), once per test JVM.
     */
    static synchronized String serverImage() {
        if (!imageBuilt) {
            run(List.of(repoRoot().resolve("docker/server-image.sh").toString()), 600);
            imageBuilt = true;
        }
        return DockerCluster.DEFAULT_IMAGE;
    }

    /** Runs a command from the repository root, its output into the test log; fails on a non-zero exit. */
    static void run(List<String> command, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(repoRoot().toFile())
                    .redirectErrorStream(true)
                    .inheritIO()
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                fail(command + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            fail("could not run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + command);
        }
    }
}
