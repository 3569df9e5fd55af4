package io.raftkv.tester.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesFileTest {

    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> NodesFile.parse(text, "nodes.txt"))
                .getMessage();
    }

    @Test
    void oneHostALine_withOptionalPort_commentsAndBlankLinesSkipped() {
        var hosts = NodesFile.parse("""
                # the lab
                10.0.0.1
                n2.example.org:2222   # a comment after the host

                [fd00::3]
                [fd00::4]:2200
                """, "nodes.txt");
        assertEquals(
                List.of(
                        new SshHost("10.0.0.1", 22),
                        new SshHost("n2.example.org", 2222),
                        new SshHost("fd00::3", 22),
                        new SshHost("fd00::4", 2200)),
                hosts);
        assertEquals("[fd00::4]:2200", hosts.get(3).toString());
        assertEquals("[fd00::3]", hosts.get(2).uriHost());
        assertEquals("10.0.0.1", hosts.get(0).toString());
    }

    @Test
    void windowsLineEnds_areAccepted() {
        assertEquals(2, NodesFile.parse("a\r\nb\r\n", "f").size());
    }

    @Test
    void badLines_areRefusedNamingTheFileTheLineAndTheProblem() {
        assertEquals("nodes.txt line 2: port 'ssh' is not a number", refused("a\nb:ssh\n"));
        assertEquals("nodes.txt line 3: port 70000 is not between 1 and 65535", refused("a\n\nb:70000"));
        assertEquals("nodes.txt line 1: port 0 is not between 1 and 65535", refused("a:0"));
        assertEquals(
                "nodes.txt line 1: 'a b' holds more than one word; give one host a line (host or host:port)",
                refused("a b"));
        assertEquals("nodes.txt line 2: 'a_' is not a host name or address", refused("x\na_"));
        assertEquals("nodes.txt line 1: '' is not a host name or address", refused(":22"));
        assertEquals(
                "nodes.txt line 1: 'fd00::1' has several colons; write an IPv6 address as [address] or"
                        + " [address]:port",
                refused("fd00::1"));
        assertEquals("nodes.txt line 1: '[fd00::1' opens [ but does not close it", refused("[fd00::1"));
        assertEquals("nodes.txt line 1: '[fd00::1]22': expected :port after ]", refused("[fd00::1]22"));
        assertEquals("nodes.txt line 3: b:2222 is listed twice", refused("a\nb:2222\nb:2222"));
    }

    @Test
    void theSameHostOnAnotherPort_isAnotherNode() {
        assertEquals(2, NodesFile.parse("a:2201\na:2202", "f").size());
    }

    @Test
    void aFileWithoutHosts_isRefused() {
        assertEquals("nodes.txt names no host (one host a line, host or host:port)", refused("# only\n\n"));
    }

    @Test
    void anUnreadableFile_isRefusedNamingTheFlag(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> NodesFile.read(dir.resolve("missing.txt")));
        assertEquals(true, e.getMessage().startsWith("--nodes-file " + dir.resolve("missing.txt")));
        Path file = Files.writeString(dir.resolve("nodes.txt"), "h1\nh2:bad\n");
        var bad = assertThrows(IllegalArgumentException.class, () -> NodesFile.read(file));
        assertEquals(file + " line 2: port 'bad' is not a number", bad.getMessage());
    }
}
