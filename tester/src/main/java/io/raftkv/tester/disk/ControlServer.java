package io.raftkv.tester.disk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The control channel of a {@link DiskFs}: a Unix socket that takes one command per connection, as
 * one line, and answers one line: {@code ok ...} or {@code error ...} (see the package doc for the
 * commands). Serves on a daemon thread until closed.
 */
final class ControlServer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final FaultFs fs;
    private final Thread thread;

    ControlServer(Path socket, FaultFs fs) throws IOException {
        this.socket = socket;
        this.fs = fs;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.thread = Thread.ofPlatform().daemon().name("diskfs-control").start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                String line = in.readLine();
                String reply = line == null ? "error empty command" : answer(line.trim());
                OutputStream out = Channels.newOutputStream(client);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    /** The answer to one command line. */
    String answer(String line) {
        List<String> words = List.of(line.split("\\s+"));
        try {
            return "ok "
                    + switch (words.getFirst()) {
                        case "lose-unfsynced" -> {
                            arity(words, 0, 0);
                            yield fs.loseUnsynced().description();
                        }
                        case "torn" -> {
                            arity(words, 0, 1);
                            yield fs.torn(words.size() > 1 ? Long.parseLong(words.get(1)) : null)
                                    .description();
                        }
                        case "corrupt" -> {
                            arity(words, 3, 3);
                            yield fs.corrupt(words.get(1), Long.parseLong(words.get(2)), Long.parseLong(words.get(3)))
                                    .description();
                        }
                        case "corrupt-random" -> {
                            arity(words, 2, 2);
                            yield fs.corruptRandom(Long.parseLong(words.get(1)), Long.parseLong(words.get(2)))
                                    .description();
                        }
                        case "repair" -> {
                            arity(words, 0, 0);
                            yield fs.repair().description();
                        }
                        case "fsync-error" -> {
                            arity(words, 0, 1);
                            if (words.size() == 1) {
                                yield fs.failNextFsync().description();
                            }
                            if (!words.get(1).equals("off")) {
                                throw new IllegalArgumentException(
                                        "fsync-error takes no argument, or off, not '" + words.get(1) + "'");
                            }
                            yield fs.disarmFsyncError().description();
                        }
                        case "status" -> {
                            arity(words, 0, 0);
                            yield fs.status();
                        }
                        default ->
                            throw new IllegalArgumentException("unknown command '" + words.getFirst()
                                    + "' (commands: lose-unfsynced, torn [SEED], corrupt FILE OFFSET LEN,"
                                    + " corrupt-random SEED LEN, repair, fsync-error [off], status)");
                    };
        } catch (NumberFormatException e) {
            return "error not a number: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "error " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            return "error " + e;
        }
    }

    private static void arity(List<String> words, int min, int max) {
        int n = words.size() - 1;
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    words.getFirst() + " takes " + (min == max ? min : min + " to " + max) + " arguments, not " + n);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
        Files.deleteIfExists(socket);
    }
}
