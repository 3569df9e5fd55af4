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
     * Testcontainers starts its Ryuk reaper container unless the environment says
     * TESTCONTAINERS_RYUK_DISABLED=true; where the Ryuk image is neither local nor pullable (no
     * registry), that start fails after two minutes of retries. When the environment says nothing
     * and the image is not local, use Testcontainers' JVM-hook reaper instead: the rig removes its
     * containers itself anyway (shutdown hook and try/finally).
     */
    public static synchronized void avoidUnavailableRyuk() {
        if (System.getenv("TESTCONTAINERS_RYUK_DISABLED") != null) {
            return;
        }
        String ryuk = TestcontainersConfiguration.getInstance().getRyukImage();
        if (imageExists(ryuk)) {
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
            System.err.println("rig: image " + ryuk + " is not local and Ryuk could not be turned off (" + e
                    + "); set TESTCONTAINERS_RYUK_DISABLED=true");
        }
    }

    /**
     * Where a /.dockerenv file exists, Testcontainers thinks it runs inside a container and starts a
     * tiny (alpine) container to find the gateway, which fails where nothing can be pulled. The rig
     * never needs that address: it publishes node ports on 127.0.0.1 and reaches them there. Unless
     * TESTCONTAINERS_HOST_OVERRIDE says otherwise, or the tiny image is local, pre-set the host to
     * localhost.
     */
    public static synchronized void avoidGatewayProbe() {
        if (System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
                || !java.nio.file.Files.exists(java.nio.file.Path.of("/.dockerenv"))) {
            return;
        }
        if (imageExists(TestcontainersConfiguration.getInstance().getTinyImage())) {
            return;
        }
        try {
            var strategyOf = DockerClientFactory.class.getDeclaredMethod("getOrInitializeStrategy");
            strategyOf.setAccessible(true);
            Object strategy = strategyOf.invoke(DockerClientFactory.instance());
            Field host = org.testcontainers.dockerclient.DockerClientProviderStrategy.class.getDeclaredField(
                    "dockerHostIpAddress");
            host.setAccessible(true);
            synchronized (strategy) {
                if (host.get(strategy) == null) {
                    host.set(strategy, "localhost");
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println(
                    "rig: could not skip the gateway probe (" + e + "); set TESTCONTAINERS_HOST_OVERRIDE=localhost");
        }
    }

    /** The Docker client of Testcontainers, after {@link #avoidUnavailableRyuk()} and {@link #avoidGatewayProbe()}. */
    public static com.github.dockerjava.api.DockerClient client() {
        avoidUnavailableRyuk();
        avoidGatewayProbe();
        return DockerClientFactory.instance().client();
    }
}
