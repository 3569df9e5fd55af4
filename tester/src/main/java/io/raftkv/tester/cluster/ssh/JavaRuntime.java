package io.raftkv.tester.cluster.ssh;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Java runtime found on a node. The server needs Java 21 or newer; Debian's {@value #PACKAGE}
 * installs one.
 *
 * @param path the java executable
 * @param major the feature release (8 for "1.8.0_292", 21 for "21.0.5")
 */
record JavaRuntime(String path, int major) {
    static final int REQUIRED = 21;
    static final String PACKAGE = "openjdk-21-jre-headless";
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

    /**
     * A script that prints one line per java it finds, "path TAB first line of java -version": the
     * one on PATH first, then those under /usr/lib/jvm.
     */
    static String probe() {
        return "for j in \"$(command -v java 2>/dev/null)\" /usr/lib/jvm/*/bin/java; do"
                + " [ -n \"$j\" ] && [ -x \"$j\" ] && printf '%s\\t%s\\n' \"$j\" \"$(\"$j\" -version 2>&1 | head -n 1)\";"
                + " done; true";
    }

    /** Installs {@value #PACKAGE} with apt-get; exits 3 when the host has no apt-get. */
    static String install() {
        String apt = "DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300";
        return "command -v apt-get >/dev/null || { echo 'no apt-get on this host' >&2; exit 3; }; " + apt
                + " update && " + apt + " install -y --no-install-recommends " + PACKAGE;
    }

    /** The first runtime of at least Java {@value #REQUIRED} in the output of {@link #probe()}. */
    static Optional<JavaRuntime> pick(String probeOutput) {
        for (String line : probeOutput.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            var runtime = parse(line.substring(0, tab), line.substring(tab + 1));
            if (runtime.isPresent() && runtime.get().major() >= REQUIRED) {
                return runtime;
            }
        }
        return Optional.empty();
    }

    /** What the probe found, for a message: "none" or the versions seen. */
    static String found(String probeOutput) {
        var lines = probeOutput.strip();
        return lines.isEmpty() ? "no java" : lines.replace('\t', ' ').replace("\n", "; ");
    }

    /** Reads the major version from the first line of {@code java -version}. */
    static Optional<JavaRuntime> parse(String path, String versionLine) {
        var m = VERSION.matcher(versionLine);
        if (!m.find()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(1));
        int major = first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
        return Optional.of(new JavaRuntime(path, major));
    }
}
