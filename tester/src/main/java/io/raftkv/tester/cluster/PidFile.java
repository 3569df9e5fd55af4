package io.raftkv.tester.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code nodes/<id>.pid} in a local run's folder, written as each server starts and removed when
 * it stops: the server process and the rig that started it. A file whose server still runs after
 * its rig is gone names an orphan ({@link Leftovers}).
 *
 * <pre>
 * server=&lt;boot&gt;/&lt;pid&gt;/&lt;startMillis&gt;
 * rig=&lt;boot&gt;/&lt;pid&gt;/&lt;startMillis&gt;
 * </pre>
 */
record PidFile(ProcessStamp server, ProcessStamp rig) {
    static final String SUFFIX = ".pid";

    void write(Path file) throws IOException {
        Files.writeString(file, "server=" + server + "\nrig=" + rig + "\n", StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the file is not a pid file */
    static PidFile read(Path file) throws IOException {
        var props = new Properties();
        props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String server = props.getProperty("server");
        String rig = props.getProperty("rig");
        if (server == null || rig == null) {
            throw new IllegalArgumentException(file + " is not a pid file (server= and rig= lines)");
        }
        return new PidFile(ProcessStamp.parse(server), ProcessStamp.parse(rig));
    }
}
