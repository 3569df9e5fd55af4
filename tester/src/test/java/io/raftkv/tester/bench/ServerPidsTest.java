package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPidsTest {
    @Test
    void thePidOnTheServerLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(
                dir.resolve("nodes/n2.pid"), "server=boot-1/31337/1700000000000\nrig=boot-1/100/1699999999000\n");
        assertEquals(31337, ServerPids.of(dir, "n2").orElseThrow());
        assertTrue(ServerPids.of(dir, "n1").isEmpty(), "no file, no pid");
    }

    @Test
    void aFileOfAnotherFormHasNoPid() {
        assertTrue(ServerPids.parse("rig=boot/1/2\n").isEmpty());
        assertTrue(ServerPids.parse("server=31337\n").isEmpty());
        assertTrue(ServerPids.parse("server=boot/x/2\n").isEmpty());
    }
}
