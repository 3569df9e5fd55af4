package io.raftkv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layout rule of the server, held at build time over the source text: the Raft core
 * ({@code raft/}, main code) does no I/O and knows no Vert.x, threads, executors or clocks. Its
 * time is ticks and its randomness is injected, so it stays deterministic under test.
 */
class LayoutTest {
    static final Path CORE = Path.of("src/main/java/io/raftkv/server/raft");

    /** What the core must not name, each with the reason given when it does. */
    static final Map<Pattern, String> CORE_FORBIDS = new LinkedHashMap<>();

    static {
        CORE_FORBIDS.put(Pattern.compile("\\bio\\.vertx\\b"), "Vert.x");
        CORE_FORBIDS.put(Pattern.compile("\\bjava\\.nio\\.(channels|file)\\b"), "file or socket I/O");
        CORE_FORBIDS.put(Pattern.compile("\\bjava\\.net\\b"), "network I/O");
        CORE_FORBIDS.put(Pattern.compile("\\bjava\\.util\\.concurrent\\b"), "threads or executors");
        CORE_FORBIDS.put(Pattern.compile("\\b(Thread|Executors?|ExecutorService|ForkJoinPool)\\b"), "threads");
        CORE_FORBIDS.put(Pattern.compile("\\b(java\\.time\\.)?(Clock|Instant)\\b"), "a clock");
        CORE_FORBIDS.put(Pattern.compile("\\bSystem\\s*\\.\\s*(currentTimeMillis|nanoTime)\\b"), "a clock");
    }

    /** Each forbidden thing {@code source} names in code (comments and string literals do not count). */
    static List<String> coreViolations(String source) {
        String code = JavaText.codeOnly(source);
        List<String> found = new ArrayList<>();
        CORE_FORBIDS.forEach((pattern, what) -> {
            var m = pattern.matcher(code);
            if (m.find()) {
                found.add(what + " ('" + m.group() + "')");
            }
        });
        return found;
    }

    @Test
    void theRaftCoreNamesNoVertxIoThreadsOrClocks() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CORE)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 10, "expected the core's sources under " + CORE.toAbsolutePath());
        List<String> bad = new ArrayList<>();
        for (Path f : files) {
            List<String> v = coreViolations(Files.readString(f));
            if (!v.isEmpty()) {
                bad.add(f.getFileName() + ": " + v);
            }
        }
        assertEquals(List.of(), bad);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "import io.vertx.core.Vertx;",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.Files;",
                "import java.util.concurrent.ExecutorService;",
                "class A { void f() { new Thread(() -> {}).start(); } }",
                "class A { void f() throws Exception { Thread.sleep(1); } }",
                "class A { Object e = java.util.concurrent.Executors.newSingleThreadExecutor(); }",
                "import java.time.Clock;",
                "class A { Object t = java.time.Instant.now(); }",
                "class A { long t = System.currentTimeMillis(); }",
                "class A { long t = System . nanoTime(); }",
            })
    void aCoreSourceNamingAForbiddenThingFails(String source) {
        assertFalse(coreViolations(source).isEmpty(), source);
    }

    @Test
    void commentsAndStringsMayMentionThem() {
        String source = "/** Unlike {@link io.vertx.core.Vertx}, no Thread here. */\n"
                + "class A { // System.nanoTime() would break determinism\n"
                + "  String s = \"java.time.Clock \\\" Thread\"; char c = '\"'; }";
        assertEquals(List.of(), coreViolations(source));
    }
}
