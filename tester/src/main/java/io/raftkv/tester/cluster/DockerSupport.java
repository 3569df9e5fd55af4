package io.raftkv.tester.cluster;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, and the Testcontainers client. */
public final class DockerSupport {
    private DockerSupport() {}

    /**
     * True when {@code docker info} answers within a few seconds. Asked of the CLI rather than of
     * Testcontainers, whose first call may try to pull helper images.
     */
    /**
     * Whether the engine runs on this host, so that it sees this host's files and mounts: no
     * {@code DOCKER_HOST}, or a Unix socket one.
     */
    public static boolean engineIsLocal() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() || host.startsWith("unix://");
    }

    public static boolean engineAnswers() {
        try {
            Process p = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the image is present in the local engine. */
    public static boolean imageExists(String image) {
        try {
            Process p = new ProcessBuilder("docker", "image", "inspect", image)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The Docker client of Testcontainers. Testcontainers reads two settings this machine may need
     * only from the environment: {@code TESTCONTAINERS_RYUK_DISABLED=true} where its reaper image
     * cannot be pulled, and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} where a /.dockerenv file
     * would make it pull a tiny image to find a gateway. {@code ./rig} sets both unless they are set
     * already; anything else that starts the rig must do the same.
     */
    public static com.github.dockerjava.api.DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
