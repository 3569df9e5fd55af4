package io.raftkv.tester.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the server's executable jar: {@code $RAFTKV_SERVER_JAR}, or server/target/ above here. */
public final class ServerJar {
    private ServerJar() {}

    public static Path find() {
        String env = System.getenv("RAFTKV_SERVER_JAR");
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env));
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
