package io.raftkv.tester.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the server's executable jar: {@code $RAFTKV_SERVER_JAR}, else server/target/ under the
 * {@code raftkv.home} system property (set by ./rig), else in the working directory or above.
 */
public final class ServerJar {
    private ServerJar() {}

    public static Path find() {
        String env = System.getenv("RAFTKV_SERVER_JAR");
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env));
        }
        String home = System.getProperty("raftkv.home");
        if (home != null && Files.isRegularFile(Path.of(home, "server/target/raftkv-server.jar"))) {
            return Path.of(home, "server/target/raftkv-server.jar").toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("server/target/raftkv-server.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(
                "server/target/raftkv-server.jar not found here or above; build it (./mvnw -q -pl server package) or set RAFTKV_SERVER_JAR");
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("RAFTKV_SERVER_JAR=" + jar + " is not a file");
        }
        return jar.toAbsolutePath();
    }
}
