package io.raftkv.tester.fault;

import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.tester.cluster.DockerCluster;
import io.raftkv.tester.cluster.DockerSupport;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.run.RunEngine;
import io.raftkv.tester.run.RunResult;
import io.raftkv.tester.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared set-up of the fault suite: engine and image checks, and run specs. */
final class Runs {
    /** 2 s calm, then 7 s faults with 3 s healthy gaps: 21 s of faults in a 32 s run. */
    static final FaultSchedule.Timing TIMING = new FaultSchedule.Timing(
            Duration.ofSeconds(2), Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(3));

    static final Duration TIME_LIMIT = Duration.ofSeconds(32);

    private static boolean imageBuilt;

    private Runs() {}

    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("server/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository above " + Path.of("").toAbsolutePath());
    }

    /**
     * Skips when no engine answers, except with CI=true where the suite must run; builds the server
     * image from the current jar once per JVM.
     */
    static synchronized void requireDocker() {
        if (!DockerSupport.engineAnswers()) {
            String reason = "no Docker engine answers (docker/engine.sh starts one)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but " + reason + ": the fault suite must run in CI");
            }
            Assumptions.abort(reason);
        }
        if (!imageBuilt) {
            Path script = repoRoot().resolve("docker/server-image.sh");
            if (Files.isExecutable(script)) {
                exec(List.of(script.toString()), 900);
            } else if (!DockerSupport.imageExists(DockerCluster.DEFAULT_IMAGE)) {
                fail("no " + script + " and no image " + DockerCluster.DEFAULT_IMAGE);
            }
            imageBuilt = true;
        }
    }

    private static void exec(List<String> command, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(repoRoot().toFile())
                    .inheritIO()
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                fail(command + " exited with " + p.exitValue());
            }
        } catch (java.io.IOException e) {
            fail("cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** The client's default per-request timeout: long enough that healthy requests rarely time out. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** A 3-node run with the suite's timing; vary it with {@link RunSpec#toBuilder()}. */
    static RunSpec spec(
            String backend, String name, String nemesis, String workload, List<String> serverFlags, long seed) {
        return RunSpec.builder()
                .backend(backend)
                .nodes(3)
                .timeLimit(TIME_LIMIT)
                .nemesis(nemesis)
                .workload(workload)
                .concurrency(10)
                .rate(300)
                .seed(seed)
                .serverFlags(serverFlags)
                .requestTimeout(REQUEST_TIMEOUT)
                .quiet(Duration.ofSeconds(3))
                .checkTimeout(Duration.ofSeconds(120))
                .timing(TIMING)
                .runsDir(repoRoot().resolve("histories/runs"))
                .name(name)
                .build();
    }

    static RunResult run(RunSpec spec) {
        RunResult r = new RunEngine(System.out).run(spec);
        System.out.println("[fault-suite] " + spec.folderName() + ": " + r.line());
        return r;
    }
}
