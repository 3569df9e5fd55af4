package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad flags are named in the message and exit with code 2, before anything starts; what the flags
 * turn into is {@link SettingsTest}'s.
 */
class MainTest {
    private static final String OK = "--id n1 --peers n1=127.0.0.1:7001,n2=127.0.0.1:7002 --data /tmp/x";

    private record Run(int code, String err) {}

    private static Run run(String args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main()).setErr(new PrintWriter(err));
        int code = cli.execute(args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        return new Run(code, err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--id n1 --data /tmp/x                                 | missing --raft (or RAFTKV_RAFT)",
                "--id n1 --peers n1=h:1 --join h:2 --data /tmp/x       | give one of them",
                "--id n1 --raft 0.0.0.0:7001 --join h:2 --data /tmp/x  | --join needs an address the members can dial",
                "--id n1 --raft h:1 --join nope --data /tmp/x          | --join must be host:port",
                "--id n/1 --raft h:1 --data /tmp/x                     | --id must be 1-64 letters",
                "--peers n1=127.0.0.1:7001 --data /tmp/x               | missing --id (or RAFTKV_ID)",
                "--id n1 --peers n1=127.0.0.1:7001                     | missing --data (or RAFTKV_DATA)",
                "--id n3 --peers n1=127.0.0.1:7001 --data /tmp/x       | --peers must include this node's id 'n3'",
                "--id n1 --peers n1=127.0.0.1 --data /tmp/x            | --peers entry 'n1' must be host:port",
                "--id n1 --peers n1:7001 --data /tmp/x                 | --peers entry 'n1:7001' is not id=host:port",
                "--id n1 --peers n1=h:1,n1=h:2 --data /tmp/x           | --peers names 'n1' twice",
                "--id n1 --peers n1=h:99999 --data /tmp/x              | --peers entry 'n1' has a bad port",
                "--id n1 --peers n1=h:1 --data /tmp/x --http nope      | --http must be host:port",
                "--id n1 --peers n1=h:1 --data /tmp/x --tick-ms 0      | --tick-ms must be positive",
                "--id n1 --peers n1=h:1 --data /tmp/x --tick-ms ten    | '--tick-ms'",
                "--id n1 --peers n1=h:1 --data /tmp/x --max-key-bytes -1 | --max-key-bytes must be positive",
                "--id n1 --peers n1=h:1 --data /tmp/x --snapshot-threshold -5 | --snapshot-threshold must not be negative",
                "--id n1 --peers n1=h:1 --data /tmp/x --bogus          | --bogus",
                "--id n1 --peers n1=h:1 --data /tmp/x --exit-with-parent 0 | --exit-with-parent must be positive",
            })
    void badFlagIsNamedAndExitsWithTwo(String args, String message) {
        Run r = run(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message.trim()), r.err());
    }

    @Test
    void anUnusableClusterSecretFileStopsTheStartNamingTheFlag(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path tooShort = Files.writeString(dir.resolve("short"), "short\n");
        Path missing = dir.resolve("missing");
        String data = " --data " + dir.resolve("data");
        for (var c : java.util.Map.of(empty, "is empty", tooShort, "needs at least 16", missing, "cannot be read")
                .entrySet()) {
            Run r = run("--id n1 --peers n1=127.0.0.1:7001 --cluster-secret-file " + c.getKey() + data);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--cluster-secret-file " + c.getKey()), r.err());
            assertTrue(r.err().contains(c.getValue()), r.err());
        }
    }

    @Test
    void helpDocumentsEveryFlagAndTheUnsafeSwitches() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
        assertEquals(0, code);
        for (String flag : new String[] {
            "--id",
            "--http",
            "--raft",
            "--peers",
            "--join",
            "--advertise-raft",
            "--data",
            "--tick-ms",
            "--max-key-bytes",
            "--max-value-bytes",
            "--unsafe-stale-reads",
            "--unsafe-ack-before-commit",
            "--unsafe-no-fsync",
            "--unsafe-no-sessions",
            "--cluster-secret-file"
        }) {
            assertTrue(out.toString().contains(flag), flag);
        }
        assertTrue(out.toString().contains("UNSAFE"));
    }
}
