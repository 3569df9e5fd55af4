package io.raftkv.tester.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds the etcd executable for local runs: {@code $RAFTKV_ETCD}, else {@code etcd} on the PATH;
 * when there is none, runs {@code etcd/install.sh} of the repository (Debian's etcd-server, as root),
 * and otherwise says what to do.
 */
public final class EtcdBinary {
    private EtcdBinary() {}

    public static Path find() {
        String env = System.getenv("RAFTKV_ETCD");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("RAFTKV_ETCD=" + env + " is not an executable file");
            }
            return p.toAbsolutePath();
        }
        Path onPath = onPath();
        if (onPath != null) {
            return onPath;
        }
        Path script = installScript();
        if (script != null) {
            install(script);
            onPath = onPath();
            if (onPath != null) {
                return onPath;
            }
        }
        throw new IllegalStateException("etcd is not installed: install etcd 3.4 (on Debian, as root: apt-get install"
                + " etcd-server, or etcd/install.sh) or set RAFTKV_ETCD to its executable");
    }

    private static Path onPath() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcd"))) {
                return Path.of(dir, "etcd");
            }
        }
        return null;
    }

    /** etcd/install.sh under the {@code raftkv.home} property (set by ./rig), else here or above. */
    private static Path installScript() {
        String home = System.getProperty("raftkv.home");
        if (home != null && Files.isExecutable(Path.of(home, "etcd/install.sh"))) {
            return Path.of(home, "etcd/install.sh");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("etcd/install.sh"))) {
                return dir.resolve("etcd/install.sh");
            }
        }
        return null;
    }

    private static void install(Path script) {
        try {
            Process p = new ProcessBuilder(script.toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("etcd is not installed and " + script + " could not install it"
                        + " (exit " + p.exitValue() + "; see its message above)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing etcd");
        }
    }
}
