package io.raftkv.tester.bench;

import io.raftkv.tester.cluster.ProcessStamp;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The process id of a local node, from the {@code nodes/<id>.pid} file the local cluster writes in
 * its folder while the node runs: a line {@code server=<boot>/<pid>/<startMillis>}.
 */
public final class ServerPids {
    private ServerPids() {}

    /** The pid in {@code <clusterDir>/nodes/<node>.pid}, if the file is there and well formed. */
    public static OptionalLong of(Path clusterDir, String node) {
        try {
            return parse(Files.readString(clusterDir.resolve("nodes").resolve(node + ".pid"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid on the {@code server=} line of a pid file's text. */
    static OptionalLong parse(String text) {
        var props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        String server = props.getProperty("server");
        if (server == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ProcessStamp.parse(server.trim()).pid());
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
