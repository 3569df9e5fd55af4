package io.raftkv.tester.cluster.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * One logged-in SSH session to a host, over which every command of the run goes, each on its own
 * exec channel (channels run side by side). Commands run as root: directly when the user is root,
 * else through {@code sudo -n}.
 */
public final class SshConnection implements AutoCloseable {
    private static final Duration CONNECT = Duration.ofSeconds(15);

    private final SshHost host;
    private final ClientSession session;
    private final boolean root;

    /** What a command printed and how it exited. */
    public record Result(int exit, String stdout, String stderr) {}

    private SshConnection(SshHost host, ClientSession session, boolean root) {
        this.host = host;
        this.session = session;
        this.root = root;
    }

    /**
     * Connects and authenticates with the keys, then the password, whichever the server takes.
     *
     * @throws IllegalStateException naming the host and what failed (connection, host key, login)
     */
    public static SshConnection open(SshClient client, SshHost host, String user, List<KeyPair> keys, String password) {
        ClientSession session = null;
        try {
            session = client.connect(user, host.host(), host.port())
                    .verify(CONNECT)
                    .getSession();
            for (var key : keys) {
                session.addPublicKeyIdentity(key);
            }
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            session.auth().verify(CONNECT);
            var connection = new SshConnection(host, session, false);
            boolean root = "0"
                    .equals(connection
                            .execRaw("id -u", Duration.ofSeconds(20))
                            .stdout()
                            .strip());
            return new SshConnection(host, session, root);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            throw new IllegalStateException("ssh " + user + "@" + host + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        var messages = new StringBuilder(String.valueOf(e.getMessage()));
        for (var cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause.getMessage() != null && !messages.toString().contains(cause.getMessage())) {
                messages.append(": ").append(cause.getMessage());
            }
        }
        return messages.toString();
    }

    public SshHost host() {
        return host;
    }

    /** Whether the login user is root (else commands go through sudo -n). */
    public boolean root() {
        return root;
    }

    /** Runs a shell script as root and returns its output, whatever its exit status. */
    public Result exec(String script, Duration timeout) {
        return execRaw(asRoot(script), timeout);
    }

    /** Runs a shell script as root; throws naming the host and the script's stderr when it exits non-zero. */
    public String run(String script, Duration timeout) {
        Result r = exec(script, timeout);
        if (r.exit() != 0) {
            throw new IllegalStateException(host + ": exit " + r.exit() + " from `" + abbreviate(script) + "`"
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
        }
        return r.stdout();
    }

    /** Streams a local file to a script's stdin (e.g. {@code cat > file}); throws when the script fails. */
    public void upload(Path file, String script, Duration timeout) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(asRoot(script))) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(CONNECT);
            // A script that fails at once closes its stdin: the write fails, and the exit status says why.
            IOException writeError = null;
            try (OutputStream in = channel.getInvertedIn()) {
                Files.copy(file, in);
            } catch (IOException e) {
                writeError = e;
            }
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            Integer exit = channel.getExitStatus();
            if (exit == null || exit != 0 || writeError != null) {
                String why = err.toString(StandardCharsets.UTF_8).strip();
                if (why.isEmpty() && writeError != null) {
                    why = String.valueOf(writeError.getMessage());
                }
                throw new IllegalStateException(
                        host + ": upload of " + file.getFileName() + " failed (exit " + exit + "): " + why);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(host + ": upload of " + file.getFileName() + " failed", e);
        }
    }

    private String asRoot(String script) {
        return root ? script : "sudo -n sh -c " + Shell.quote(script);
    }

    private Result execRaw(String command, Duration timeout) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(CONNECT);
            var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IllegalStateException(
                        host + ": `" + abbreviate(command) + "` did not finish within " + timeout.toSeconds() + " s");
            }
            Integer exit = channel.getExitStatus();
            return new Result(
                    exit == null ? -1 : exit,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(host + ": `" + abbreviate(command) + "` failed", e);
        }
    }

    private static String abbreviate(String script) {
        return script.length() <= 120 ? script : script.substring(0, 117) + "...";
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        session.close(false);
    }
}
