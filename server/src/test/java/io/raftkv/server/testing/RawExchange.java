package io.raftkv.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Sends any bytes to an HTTP port and reads the first final answer strictly: a status line, headers,
 * and a body framed by Content-Length, chunked encoding or the end of the connection. Unlike {@link
 * RawHttp}, it tells a closed connection, a hang and a malformed answer apart.
 */
public final class RawExchange {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/[0-9]\\.[0-9] ([1-5][0-9][0-9])( .*)?");

    private RawExchange() {}

    /** What came back. */
    public sealed interface Outcome {}

    /** The node closed (or reset) the connection without a byte of answer. */
    public record Closed() implements Outcome {}

    /** Nothing, and the connection stayed open, for the whole wait. */
    public record Hung(String partial) implements Outcome {}

    /** An answer that is not HTTP. */
    public record Malformed(String why) implements Outcome {}

    /** A well-formed answer; header names lower-case. */
    public record Answer(int status, Map<String, String> headers, byte[] body) implements Outcome {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code request} to loopback port {@code port}; if {@code complete} is false, half-closes
     * the connection after it, as a client that gave up mid-request. Waits at most {@code waitMillis}
     * between bytes of the answer.
     */
    public static Outcome exchange(int port, byte[] request, boolean complete, String method, int waitMillis) {
        return exchange(port, request, complete, method, waitMillis, waitMillis);
    }

    /**
     * As {@link #exchange(int, byte[], boolean, String, int)}, but if nothing comes back for {@code
     * firstWaitMillis}, half-closes the connection (as a client that has nothing more to send) and
     * waits up to {@code waitMillis} more: a node that still neither answers nor closes hangs.
     */
    public static Outcome exchange(
            int port, byte[] request, boolean complete, String method, int firstWaitMillis, int waitMillis) {
        return exchange(port, request, complete, List.of(method), firstWaitMillis, waitMillis)
                .getFirst();
    }

    /**
     * Sends {@code requests}, one or more pipelined on one connection, and reads one outcome for each
     * of their {@code methods} in order, up to the first that is not an {@link Answer}.
     */
    public static List<Outcome> exchange(
            int port, byte[] requests, boolean complete, List<String> methods, int firstWaitMillis, int waitMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(firstWaitMillis);
            try {
                socket.getOutputStream().write(requests);
                socket.getOutputStream().flush();
                if (!complete) {
                    socket.shutdownOutput();
                }
            } catch (SocketException e) {
                // the node hung up while the request was still being written (a head too large, say)
            }
            Reader in = new Reader(socket, waitMillis);
            List<Outcome> outcomes = new ArrayList<>();
            for (String method : methods) {
                Outcome o = read(in, method);
                outcomes.add(o);
                if (!(o instanceof Answer)) {
                    break;
                }
                in.restart();
            }
            return outcomes;
        } catch (IOException e) {
            return List.of(new Malformed("could not connect: " + e));
        }
    }

    private static Outcome read(Reader in, String method) throws IOException {
        while (true) {
            String statusLine;
            try {
                statusLine = in.line();
            } catch (SocketTimeoutException e) {
                return new Hung(in.seen());
            } catch (IOException e) {
                return in.seen().isEmpty() ? new Closed() : new Malformed("closed mid status line: " + in.seen());
            }
            var m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                return new Malformed("status line '" + statusLine + "'");
            }
            int status = Integer.parseInt(m.group(1));
            Map<String, String> headers = new TreeMap<>();
            try {
                for (String h = in.line(); !h.isEmpty(); h = in.line()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        return new Malformed("header line '" + h + "'");
                    }
                    headers.put(
                            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim());
                }
                if (status < 200) {
                    continue; // 100 Continue: the final answer follows
                }
                return new Answer(status, headers, body(in, method, status, headers));
            } catch (SocketTimeoutException e) {
                return new Hung(in.seen());
            } catch (IOException | NumberFormatException e) {
                return new Malformed("answer " + status + " cut short: " + e.getMessage());
            }
        }
    }

    private static byte[] body(Reader in, String method, int status, Map<String, String> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            byte[] body = in.in.readNBytes(n);
            if (body.length != n) {
                throw new IOException("body of " + body.length + " bytes, " + n + " announced");
            }
            return body;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = in.line();
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!in.line().isEmpty()) {
                        // trailers
                    }
                    return out.toByteArray();
                }
                out.writeBytes(in.in.readNBytes(size));
                in.line();
            }
        }
        return in.in.readAllBytes();
    }

    /** Reads CRLF-terminated lines, keeping what it has read so far for messages. */
    private static final class Reader {
        final InputStream in;
        private final Socket socket;
        private final int waitMillis;
        private final StringBuilder seen = new StringBuilder();

        Reader(Socket socket, int waitMillis) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.waitMillis = waitMillis;
        }

        String line() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b = read(); b != '\n'; b = read()) {
                if (b != '\r') {
                    out.write(b);
                }
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }

        private int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException silent) {
                if (socket.isOutputShutdown()) {
                    throw silent;
                }
                socket.shutdownOutput();
                socket.setSoTimeout(waitMillis);
                return read();
            } catch (SocketException reset) {
                throw new IOException("reset", reset);
            }
            if (b < 0) {
                throw new IOException("closed");
            }
            if (seen.length() < 200) {
                seen.append((char) b);
            }
            return b;
        }

        String seen() {
            return seen.toString();
        }

        /** Forgets what was seen: the next answer begins. */
        void restart() {
            seen.setLength(0);
        }
    }
}
