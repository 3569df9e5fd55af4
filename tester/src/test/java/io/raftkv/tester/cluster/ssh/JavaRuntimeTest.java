package io.raftkv.tester.cluster.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JavaRuntimeTest {

    @Test
    void theMajorVersion_isReadFromJavaVersionsFirstLine() {
        assertEquals(
                21,
                JavaRuntime.parse("j", "openjdk version \"21.0.5\" 2024-10-15")
                        .orElseThrow()
                        .major());
        assertEquals(
                25,
                JavaRuntime.parse("j", "openjdk version \"25\" 2025-09-16")
                        .orElseThrow()
                        .major());
        assertEquals(
                8,
                JavaRuntime.parse("j", "java version \"1.8.0_292\"")
                        .orElseThrow()
                        .major());
        assertEquals(
                17,
                JavaRuntime.parse("j", "openjdk version \"17.0.9\" 2023-10-17")
                        .orElseThrow()
                        .major());
        assertEquals(Optional.empty(), JavaRuntime.parse("j", "bash: java: command not found"));
    }

    @Test
    void theFirstRuntimeOfJava21OrNewer_isPicked() {
        String probe = "/usr/bin/java\topenjdk version \"17.0.9\" 2023-10-17\n"
                + "/usr/lib/jvm/java-17-openjdk-amd64/bin/java\topenjdk version \"17.0.9\" 2023-10-17\n"
                + "/usr/lib/jvm/java-21-openjdk-amd64/bin/java\topenjdk version \"21.0.5\" 2024-10-15\n";
        assertEquals(
                "/usr/lib/jvm/java-21-openjdk-amd64/bin/java",
                JavaRuntime.pick(probe).orElseThrow().path());
        assertEquals(Optional.empty(), JavaRuntime.pick("/usr/bin/java\topenjdk version \"17.0.9\"\n"));
        assertEquals(Optional.empty(), JavaRuntime.pick(""));
        assertEquals("no java", JavaRuntime.found("\n"));
    }
}
