package io.raftkv.tester.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is said where FUSE cannot run, without needing such a machine. */
class FuseSupportTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDeviceAndLibraryAreBothNamedWithWhatToDo() {
        String why = FuseSupport.missing(dir.resolve("fuse"), List.of(dir)).orElseThrow();
        assertTrue(why.startsWith("disk faults need FUSE"), why);
        assertTrue(why.contains("/dev/fuse is missing") && why.contains("--device /dev/fuse"), why);
        assertTrue(why.contains("libfuse.so.2 is missing") && why.contains("docker/fuse.sh"), why);
    }

    @Test
    void nothingIsMissingWhereTheDeviceAndLibraryAreThere() throws IOException {
        Path device = Files.createFile(dir.resolve("fuse"));
        Files.createFile(dir.resolve("libfuse.so.2"));
        assertEquals(Optional.empty(), FuseSupport.missing(device, List.of(dir)));
    }

    @Test
    void servingWithoutFuseExitsWith3() {
        if (FuseSupport.missing().isPresent()) {
            assertEquals(3, DiskFs.run(new String[] {
                "--backing",
                dir.toString(),
                "--mount",
                dir.toString(),
                "--control",
                dir.resolve("c").toString()
            }));
        }
        assertEquals(2, DiskFs.run(new String[] {"--backing", dir.toString()}), "usage: --control is required");
        assertEquals(2, DiskFs.run(new String[] {"--control", "x", "--seed", "many"}));
    }
}
