package io.raftkv.tester.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.AcceptAllPasswordAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's life cycle scripts, run for real over an exec channel of an SSH server in this JVM,
 * on this machine, with a stand-in jar ({@link Sleeper}) under a temporary base folder.
 */
class RemoteLayoutTest {
    private static final Duration T = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private SshServer server;
    private SshClient client;
    private SshConnection ssh;
    private RemoteLayout layout;
    private String java;

    @BeforeEach
    void setUp() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        server.setPasswordAuthenticator(AcceptAllPasswordAuthenticator.INSTANCE);
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        server.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(HostKeys.acceptFirstUse(dir.resolve("known_hosts")));
        client.start();
        ssh = SshConnection.open(client, new SshHost("127.0.0.1", server.getPort()), "root", List.of(), "pw");
        Path base = dir.resolve("base");
        Files.createDirectories(base);
        writeSleeperJar(base.resolve("raftkv-server.jar"));
        layout = new RemoteLayout(base.toString(), "run-1");
        java = ProcessHandle.current().info().command().orElseThrow();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ssh != null) {
            ssh.exec(layout.removeLeftovers(), T);
            ssh.close();
        }
        client.stop();
        server.stop(true);
    }

    private static void writeSleeperJar(Path jar) throws Exception {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Sleeper.class.getName());
        String entry = Sleeper.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                var out = new JarOutputStream(file, manifest);
                InputStream in = Sleeper.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private long pid() throws Exception {
        return Long.parseLong(Files.readString(Path.of(layout.pidFile())).strip());
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private boolean running() {
        return ssh.exec(layout.running(), T).exit() == 0;
    }

    private void awaitLog(String text) throws Exception {
        long end = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < end) {
            Path log = Path.of(layout.log());
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the log never said '" + text + "'");
    }

    @Test
    void start_returnsAtOnce_leavingTheServerRunningUnderItsPidFile() throws Exception {
        long t0 = System.nanoTime();
        ssh.run(layout.start(java, List.of("--id", "n1", "--data", layout.dataDir())), T);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "the start script returned at once");
        awaitLog("sleeper up: --id n1 --data " + layout.dataDir());
        assertTrue(running());
        assertTrue(Files.isDirectory(Path.of(layout.dataDir())));
        assertEquals(
                List.of(Long.toString(pid())),
                ssh.run(layout.leftoverServers(), T).lines().toList());
    }

    @Test
    void pauseResumeKillAndRestart_signalTheServer() throws Exception {
        ssh.run(layout.start(java, List.of("--id", "n1")), T);
        awaitLog("sleeper up");
        long first = pid();
        ssh.run(layout.signal("STOP"), T);
        assertEquals('T', state(first));
        assertTrue(running(), "a paused server counts as running");
        ssh.run(layout.signal("CONT"), T);
        assertEquals('S', state(first));

        ssh.run(layout.signal("KILL"), T);
        assertFalse(running(), "SIGKILL returns once the server is gone");
        assertEquals("", ssh.run(layout.leftoverServers(), T));
        ssh.run(layout.signal("KILL") + "; echo after", T); // nothing to kill: succeeds, and the script goes on

        ssh.run(layout.start(java, List.of("--id", "n1")), T);
        assertTrue(running());
        assertTrue(pid() != first);
        assertEquals(2, awaitAndCount(), "the restarted server appends to the same log");
    }

    private long awaitAndCount() throws Exception {
        long end = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < end) {
            long n = Files.readString(Path.of(layout.log()))
                    .lines()
                    .filter(l -> l.startsWith("sleeper up"))
                    .count();
            if (n == 2) {
                return n;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    @Test
    void receiveSecret_writesTheClusterSecretForItsOwnerOnly() throws Exception {
        Path secret = Files.writeString(dir.resolve("local-secret"), "0123456789abcdef0123456789abcdef\n");
        ssh.upload(secret, layout.receiveSecret(), T);
        Path remote = Path.of(layout.secretFile());
        assertEquals(Files.readString(secret), Files.readString(remote));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(remote));
    }

    @Test
    void stop_endsAPausedServer_andTheScriptGoesOn() throws Exception {
        ssh.run(layout.start(java, List.of("--id", "n1")), T);
        awaitLog("sleeper up");
        ssh.run(layout.signal("STOP"), T);
        assertEquals("removed\n", ssh.run(layout.stop() + "; " + layout.removeRunDir() + "; echo removed", T));
        assertFalse(running());
        assertFalse(Files.exists(Path.of(layout.runDir())));
    }

    @Test
    void aPidFileNamingAnotherProgram_isNeverSignalled() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(Path.of(layout.runDir()));
            Files.writeString(Path.of(layout.pidFile()), other.pid() + "\n");
            assertFalse(running());
            ssh.run(layout.signal("KILL"), T);
            ssh.run(layout.stop(), T);
            assertTrue(other.isAlive(), "a process that is not the rig's server is left alone");
            assertEquals("", ssh.run(layout.leftoverServers(), T));
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void removeLeftovers_killsEveryServerOfTheRigsJar_andRemovesOldRuns() throws Exception {
        var other = new RemoteLayout(
                Path.of(layout.runDir()).getParent().getParent().toString(), "run-0");
        ssh.run(other.start(java, List.of("--id", "n1")), T);
        ssh.run(layout.start(java, List.of("--id", "n1")), T);
        assertEquals(2, ssh.run(layout.leftoverServers(), T).lines().count());
        ssh.run(layout.removeLeftovers(), T);
        assertEquals("", ssh.run(layout.leftoverServers(), T));
        assertFalse(Files.exists(Path.of(layout.runDir()).getParent()));
    }

    @Test
    void theJarIsReceivedWhole_andItsChecksumRead() throws Exception {
        String before = ssh.run(layout.jarChecksum(), T).strip();
        assertEquals(
                HostPreparation.sha256(Path.of(layout.runDir()).getParent().resolveSibling("raftkv-server.jar")),
                before);
        Path newJar = Files.writeString(dir.resolve("new.jar"), "another jar");
        ssh.upload(newJar, layout.receiveJar(), T);
        assertEquals(
                HostPreparation.sha256(newJar), ssh.run(layout.jarChecksum(), T).strip());
    }
}
