package io.raftkv.tester.cluster.ssh;

import io.raftkv.tester.net.IptablesChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Readies one host of an {@link SshCluster} before its server starts: refuses (or, with
 * --force-clean, cleans) a host that still holds an earlier run's iptables chain or server, then
 * finds or installs a Java 21 runtime, uploads the server jar unless the same sha256 is there, and
 * creates the rig's chain.
 */
final class HostPreparation {
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration INSTALL = Duration.ofMinutes(10);

    private final SshTarget target;
    private final RemoteLayout layout;
    private final IptablesChain chain;
    private final Path jar;
    private final PrintStream out;
    private final Function<String, SshConnection> connections;
    private final Function<String, SshHost> hosts;

    HostPreparation(
            SshTarget target,
            RemoteLayout layout,
            IptablesChain chain,
            Path jar,
            PrintStream out,
            Function<String, SshConnection> connections,
            Function<String, SshHost> hosts) {
        this.target = target;
        this.layout = layout;
        this.chain = chain;
        this.jar = jar;
        this.out = out;
        this.connections = connections;
        this.hosts = hosts;
    }

    /** Refuses a host that holds what an earlier run left (unless --force-clean, which removes it). */
    void refuseLeftovers(String node) {
        var c = connections.apply(node);
        if (!c.root() && c.exec("true", COMMAND).exit() != 0) {
            throw new IllegalStateException(
                    target.user() + " is not root and cannot run sudo without a password; log in as root"
                            + " (--ssh-user root) or allow " + target.user() + " password-less sudo");
        }
        var missing = new ArrayList<String>();
        if (c.exec("command -v iptables", COMMAND).exit() != 0) {
            missing.add("iptables (apt-get install iptables)");
        }
        if (c.exec("command -v setsid && command -v nohup && command -v sha256sum", COMMAND)
                        .exit()
                != 0) {
            missing.add("setsid, nohup or sha256sum (util-linux, coreutils)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing on the host: " + String.join(", ", missing));
        }
        var rules = c.exec(IptablesChain.leftovers(), COMMAND);
        var servers = c.run(layout.leftoverServers(), COMMAND).strip();
        boolean ruleLeft = rules.exit() == 0;
        if (!ruleLeft && servers.isEmpty()) {
            return;
        }
        String what = (ruleLeft
                        ? "iptables chain " + IptablesChain.CHAIN + " ("
                                + rules.stdout().strip().replace('\n', ';') + ")"
                        : "")
                + (ruleLeft && !servers.isEmpty() ? " and " : "")
                + (servers.isEmpty() ? "" : "a running server (pid " + servers.replace('\n', ' ') + ")");
        if (!target.forceClean()) {
            throw new IllegalStateException(
                    "an earlier run left " + what + " (is another run using this host?); --force-clean removes them");
        }
        out.println("rig: ssh: " + node + " (" + hosts.apply(node) + "): removing what an earlier run left: " + what);
        c.run(IptablesChain.remove() + "; " + layout.removeLeftovers(), COMMAND);
    }

    /** Finds or installs a Java runtime, uploads the jar unless it is there, creates the rig's chain. @return the java binary */
    String setUp(String node, String sha256) {
        var c = connections.apply(node);
        long t0 = System.nanoTime();
        var steps = new ArrayList<String>();
        String probe = c.run(JavaRuntime.probe(), COMMAND);
        var java = JavaRuntime.pick(probe);
        if (java.isEmpty()) {
            var install = c.exec(JavaRuntime.install(), INSTALL);
            if (install.exit() != 0) {
                throw new IllegalStateException("needs Java " + JavaRuntime.REQUIRED + " or newer (found: "
                        + JavaRuntime.found(probe) + ") and installing " + JavaRuntime.PACKAGE + " failed: "
                        + lastLine(install.stderr()));
            }
            String after = c.run(JavaRuntime.probe(), COMMAND);
            java = JavaRuntime.pick(after);
            if (java.isEmpty()) {
                throw new IllegalStateException("installed " + JavaRuntime.PACKAGE + " but found no Java "
                        + JavaRuntime.REQUIRED + ": " + JavaRuntime.found(after));
            }
            steps.add("installed " + JavaRuntime.PACKAGE);
        }
        steps.add("java " + java.get().major());
        if (sha256.equals(c.run(layout.jarChecksum(), COMMAND).strip())) {
            steps.add("jar already there");
        } else {
            long u = System.nanoTime();
            c.upload(jar, layout.receiveJar(), INSTALL);
            String now = c.run(layout.jarChecksum(), COMMAND).strip();
            if (!sha256.equals(now)) {
                throw new IllegalStateException("the uploaded jar's sha256 is " + now + ", expected " + sha256);
            }
            steps.add("jar uploaded in " + millis(u) + " ms");
        }
        c.run(chain.install(), COMMAND);
        out.println("rig: ssh: " + node + " (" + hosts.apply(node) + "): " + String.join(", ", steps) + "; ready in "
                + millis(t0) + " ms");
        return java.get().path();
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastLine(String text) {
        var lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
