package io.raftkv.tester.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in, host keys and commands against an SSH server in this JVM on loopback, which runs
 * commands with this machine's shell.
 */
class SshConnectionTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final KeyPair userKey = newKey();
    private SshServer server;
    private SshHost host;
    private SshClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        server.setPublickeyAuthenticator((user, key, session) -> key.equals(userKey.getPublic()));
        server.setPasswordAuthenticator((user, password, session) -> "secret".equals(password));
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        server.start();
        host = new SshHost("127.0.0.1", server.getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        server.stop(true);
    }

    private SshConnection connect(ServerKeyVerifier verifier, List<KeyPair> keys, String password) {
        if (client != null) {
            client.stop();
        }
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.start();
        return SshConnection.open(client, host, "root", keys, password);
    }

    private static KeyPair newKey() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onFirstUse_theHostKeyIsRecorded_andAKnownHostsCheckAgainstTheRecordLetsTheHostIn() throws Exception {
        Path record = dir.resolve("run/known_hosts");
        try (var c = connect(HostKeys.acceptFirstUse(record), List.of(userKey), null)) {
            assertEquals("hello\n", c.run("echo hello", T));
        }
        String line = Files.readString(record).strip();
        String hostKey = PublicKeyEntry.toString(
                server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
        assertEquals("[127.0.0.1]:" + host.port() + " " + hostKey, line);

        try (var c = connect(HostKeys.checkedAgainst(record), List.of(userKey), null)) {
            assertEquals(0, c.exec("true", T).exit());
        }
    }

    @Test
    void aHostWhoseKeyDiffersFromKnownHosts_isRefused() throws Exception {
        Path knownHosts = Files.writeString(
                dir.resolve("known_hosts"),
                "[127.0.0.1]:" + host.port() + " " + PublicKeyEntry.toString(newKey().getPublic()) + "\n");
        var e = assertThrows(
                IllegalStateException.class,
                () -> connect(HostKeys.checkedAgainst(knownHosts), List.of(userKey), null));
        assertTrue(e.getMessage().startsWith("ssh root@127.0.0.1:" + host.port() + ": "), e.getMessage());
    }

    @Test
    void aHostMissingFromKnownHosts_isRefused() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "# nobody\n");
        assertThrows(
                IllegalStateException.class,
                () -> connect(HostKeys.checkedAgainst(knownHosts), List.of(userKey), null));
    }

    @Test
    void aPasswordLogsIn_andAWrongOneIsRefusedNamingTheHost() {
        try (var c = connect(HostKeys.acceptFirstUse(dir.resolve("kh")), List.of(), "secret")) {
            assertEquals("ok\n", c.run("echo ok", T));
        }
        var e = assertThrows(
                IllegalStateException.class,
                () -> connect(HostKeys.acceptFirstUse(dir.resolve("kh2")), List.of(newKey()), "wrong"));
        assertTrue(e.getMessage().startsWith("ssh root@127.0.0.1:" + host.port()), e.getMessage());
    }

    @Test
    void aFailingCommand_reportsTheHostTheExitStatusAndItsStderr() {
        try (var c = connect(HostKeys.acceptFirstUse(dir.resolve("kh")), List.of(userKey), null)) {
            var r = c.exec("echo out; echo err >&2; exit 3", T);
            assertEquals(new SshConnection.Result(3, "out\n", "err\n"), r);
            var e = assertThrows(IllegalStateException.class, () -> c.run("echo no such thing >&2; exit 4", T));
            assertEquals(
                    "127.0.0.1:" + host.port() + ": exit 4 from `echo no such thing >&2; exit 4`: no such thing",
                    e.getMessage());
        }
    }

    @Test
    void anUpload_streamsTheFileToTheScriptsStdin() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(content);
        Path local = Files.write(dir.resolve("server.jar"), content);
        Path remote = dir.resolve("uploaded/server.jar");
        try (var c = connect(HostKeys.acceptFirstUse(dir.resolve("kh")), List.of(userKey), null)) {
            c.upload(local, "mkdir -p " + remote.getParent() + " && cat > " + remote, T);
            assertArrayEquals(content, Files.readAllBytes(remote));
            assertEquals(HostPreparation.sha256(local) + "\n", c.run("sha256sum " + remote + " | cut -d ' ' -f 1", T));
            var e = assertThrows(
                    IllegalStateException.class,
                    () -> c.upload(local, "cat > /dev/null; echo disk full >&2; exit 2", T));
            assertEquals(
                    "127.0.0.1:" + host.port() + ": upload of server.jar failed (exit 2): disk full", e.getMessage());
            // A script that fails before reading closes the channel under the writer: still a clear error.
            var early = assertThrows(
                    IllegalStateException.class, () -> c.upload(local, "exec cat > /nonexistent-dir/x", T));
            assertTrue(
                    early.getMessage().startsWith("127.0.0.1:" + host.port() + ": upload of server.jar failed"),
                    early.getMessage());
        }
    }
}
