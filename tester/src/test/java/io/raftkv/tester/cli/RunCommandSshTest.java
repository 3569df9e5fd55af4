package io.raftkv.tester.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.cluster.ssh.SshHost;
import io.raftkv.tester.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ssh backend's options: --nodes-file and the --ssh-* flags, checked before anything starts. */
class RunCommandSshTest {
    @TempDir
    Path dir;

    private Path nodes;
    private Path key;

    @BeforeEach
    void files() throws Exception {
        nodes = Files.writeString(dir.resolve("nodes.txt"), "# lab\n10.0.0.1\n10.0.0.2:2222\n10.0.0.3\n");
        key = Files.writeString(dir.resolve("id_test"), "not read until the run starts");
    }

    private static RunSpec spec(String... args) {
        var cmd = new RunCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.spec();
    }

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> spec(args)).getMessage();
    }

    @Test
    void aNodesFile_choosesTheSshBackend_withOneNodePerHost() {
        RunSpec s = spec("--nodes-file", nodes.toString(), "--ssh-key", key.toString(), "--ssh-password", "pw");
        assertEquals("ssh", s.backend());
        assertEquals(3, s.nodes());
        assertEquals(
                List.of(new SshHost("10.0.0.1", 22), new SshHost("10.0.0.2", 2222), new SshHost("10.0.0.3", 22)),
                s.ssh().hosts());
        assertEquals("root", s.ssh().user());
        assertEquals(List.of(key.toAbsolutePath()), s.ssh().keys());
        assertEquals(null, s.ssh().knownHosts());
    }

    @Test
    void testJson_recordsTheHostsAndUser_butNeverThePassword() {
        RunSpec s = spec(
                "--backend",
                "ssh",
                "--nodes-file",
                nodes.toString(),
                "--ssh-user",
                "admin",
                "--ssh-password",
                "hunter2");
        @SuppressWarnings("unchecked")
        var ssh = (Map<String, Object>) s.describe("ssh").get("ssh");
        assertEquals(List.of("10.0.0.1", "10.0.0.2:2222", "10.0.0.3"), ssh.get("hosts"));
        assertEquals("admin", ssh.get("user"));
        assertEquals(true, ssh.get("password"));
        assertFalse(s.describe("ssh").toString().contains("hunter2"));
        assertFalse(s.toString().contains("hunter2"), "a spec printed in a message shows no password");
    }

    @Test
    void sshWithoutANodesFile_isRefused() {
        assertEquals("--backend ssh needs --nodes-file FILE (one host a line)", refused("--backend", "ssh"));
    }

    @Test
    void aNodeCountThatDisagreesWithTheNodesFile_isRefused() {
        String e = refused("--nodes", "5", "--nodes-file", nodes.toString(), "--ssh-key", key.toString());
        assertTrue(e.startsWith("--nodes 5 but "), e);
        assertTrue(e.endsWith("lists 3 hosts; leave --nodes out with --backend ssh"), e);
        assertEquals(
                3,
                spec("--nodes", "3", "--nodes-file", nodes.toString(), "--ssh-key", key.toString())
                        .nodes());
    }

    @Test
    void aNodesFileWithAnotherBackend_isRefused() {
        assertEquals(
                "--nodes-file is for --backend ssh, not local",
                refused("--backend", "local", "--nodes-file", nodes.toString(), "--ssh-key", key.toString()));
    }

    @Test
    void sshOptionsWithoutANodesFile_areRefused() {
        assertEquals(
                "--ssh-key, --ssh-password, --known-hosts and --force-clean need --nodes-file",
                refused("--ssh-password", "pw"));
        assertEquals(
                "--ssh-key, --ssh-password, --known-hosts and --force-clean need --nodes-file",
                refused("--force-clean"));
    }

    @Test
    void missingKeyAndKnownHostsFiles_areRefusedNamingTheFlag() {
        Path missing = dir.resolve("nope");
        assertEquals(
                "--ssh-key " + missing.toAbsolutePath() + " is not a readable file",
                refused("--nodes-file", nodes.toString(), "--ssh-key", missing.toString()));
        assertEquals(
                "--known-hosts " + missing.toAbsolutePath() + " is not a readable file",
                refused(
                        "--nodes-file",
                        nodes.toString(),
                        "--ssh-key",
                        key.toString(),
                        "--known-hosts",
                        missing.toString()));
    }

    @Test
    void aBadNodesFile_isRefusedNamingItsLine() throws Exception {
        Files.writeString(nodes, "10.0.0.1\n10.0.0.2:x\n");
        assertEquals(nodes + " line 2: port 'x' is not a number", refused("--nodes-file", nodes.toString()));
    }
}
