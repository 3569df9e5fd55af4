package io.raftkv.tester.cluster;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.ResourceReaper;
import org.testcontainers.utility.TestcontainersConfiguration;

/** Whether a Docker engine answers, and Testcontainers settings for machines without a registry. */
public final class DockerSupport {
    private DockerSupport() {}

    /**
     * True when {@code docker info} answers within a few seconds. Asked of the CLI rather than of
     * Testcontainers, whose first call may try to pull helper images.
     */
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
     * Testcontainers reads "ryuk.disabled" only from the environment. Where the user's
     * ~/.testcontainers.properties says {@code ryuk.disabled=true} (docker/engine.sh writes it on
     * machines that cannot pull the Ryuk image), honour it in this JVM too; the rig removes its
     * containers itself (shutdown hook and try/finally), which is what Ryuk is for.
     */
    public static void honourRyukSetting() {
        if (System.getenv("TESTCONTAINERS_RYUK_DISABLED") != null) {
            return;
        }
        String disabled =
                TestcontainersConfiguration.getInstance().getUserProperties().getProperty("ryuk.disabled", "false");
        if (!Boolean.parseBoolean(disabled)) {
            return;
        }
        try {
            Class<?> hook = Class.forName("org.testcontainers.utility.JVMHookResourceReaper");
            Constructor<?> ctor = hook.getDeclaredConstructor();
            ctor.setAccessible(true);
            Field instance = ResourceReaper.class.getDeclaredField("instance");
            instance.setAccessible(true);
            synchronized (ResourceReaper.class) {
                if (instance.get(null) == null) {
                    instance.set(null, ctor.newInstance());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("rig: could not disable Ryuk (" + e + "); set TESTCONTAINERS_RYUK_DISABLED=true");
        }
    }

    /** The Docker client of Testcontainers, after {@link #honourRyukSetting()}. */
    public static com.github.dockerjava.api.DockerClient client() {
        honourRyukSetting();
        return DockerClientFactory.instance().client();
    }
}
