package io.raftkv.tester.disk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A client of a {@link DiskFs}'s control socket: sends one command, returns the answer. */
public record DiskControl(Path socket) {
    /**
     * Sends {@code command} (e.g. {@code "lose-unfsynced"}) and returns what follows {@code ok}.
     *
     * @throws IOException where the file system cannot be reached or answers {@code error ...}
     */
    public String send(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException(
                        "no disk-fault file system answers at " + socket + " (" + e.getMessage() + ")", e);
            }
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            String reply = new BufferedReader(
                            new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                    .readLine();
            if (reply == null) {
                throw new IOException(
                        "the disk-fault file system at " + socket + " closed without answering " + command);
            }
            if (reply.startsWith("ok")) {
                return reply.substring(2).trim();
            }
            throw new IOException("disk fault '" + command + "' failed: " + reply.replaceFirst("^error ", ""));
        }
    }
}
