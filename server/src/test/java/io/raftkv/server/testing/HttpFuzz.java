package io.raftkv.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates HTTP/1.1 requests as raw bytes, from a seed: odd methods and paths, good and bad
 * percent-escapes, odd headers and content types, bodies sent whole, chunked or cut off. Some are
 * writes of a key no other request touches, so that a write the node acknowledged can be read back.
 */
public final class HttpFuzz {
    /** Keys of tracked writes start with this; generated keys never do. */
    public static final String TRACKED_PREFIX = "acked-";

    private static final List<String> METHODS = List.of(
            "GET",
            "GET",
            "GET",
            "PUT",
            "PUT",
            "PUT",
            "POST",
            "POST",
            "DELETE",
            "HEAD",
            "OPTIONS",
            "PATCH",
            "TRACE",
            "CONNECT",
            "get",
            "FOO",
            "G\u00c9T",
            "",
            "PUT PUT");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=XyZ",
            "multipart/form-data",
            "application/json",
            "application/json; charset=latin1",
            "text/plain; charset=utf-8",
            "application/octet-stream",
            ";;;",
            "text/plain; charset=\u00ff",
            "x/" + "y".repeat(5000));
    private static final List<String> ROUTES = List.of(
            "/kv/{k}",
            "/kv/{k}",
            "/kv/{k}/cas",
            "/kv/{k}/append",
            "/kv/{k}?consistency={q}",
            "/get?key={q}",
            "/set?key={q}&value={q}",
            "/key",
            "/kv",
            "/key/{k}",
            "/health",
            "/status",
            "/metrics",
            "/cluster",
            "/kv/",
            "/kv/{k}/{k}",
            "*",
            "http://127.0.0.1/kv/{k}",
            "/{q}",
            "//kv//{k}",
            "/kv/../status",
            "/kv/{k}#frag",
            "/kv/{k}?{q}",
            "/kv/{long}");

    private final Random random;
    private int index;

    public HttpFuzz(long seed) {
        this.random = new Random(seed);
    }

    /**
     * One generated request.
     *
     * @param bytes what goes on the wire
     * @param method the method, for reading the answer (a HEAD answer has no body)
     * @param complete whether the request is whole (false: cut off, the connection is half-closed
     *     after it)
     * @param trackedKey for a tracked write, its key (decoded), else null
     * @param trackedValue for a tracked write, the value it stores if acknowledged
     * @param readPath for a tracked write, the path that reads its key back
     * @param otherVersion whether the request line names a version other than HTTP/1.1
     * @param readsBack whether a linearizable read of the tracked key follows the write on the same
     *     connection (pipelined)
     */
    public record Request(
            byte[] bytes,
            String method,
            boolean complete,
            boolean otherVersion,
            boolean readsBack,
            String trackedKey,
            byte[] trackedValue,
            String readPath,
            String summary) {
        @Override
        public String toString() {
            return summary;
        }
    }

    public Request next() {
        index++;
        return random.nextInt(5) == 0 ? trackedWrite() : anything();
    }

    /** A write of a fresh key, framed correctly, with any content type: its answer decides if it must be there. */
    private Request trackedWrite() {
        String keyText =
                TRACKED_PREFIX + index + "-" + pick(List.of("a", "\u00e9t\u00e9", "\u4e2d", "x y", "s/l", "%"));
        String encodedKey = percentEncode(keyText.getBytes(StandardCharsets.UTF_8));
        byte[] value = value();
        List<String> headers = new ArrayList<>();
        if (random.nextBoolean()) {
            headers.add("Content-Type: " + pick(CONTENT_TYPES.subList(0, 9)));
        }
        if (random.nextInt(4) == 0) {
            headers.add("X-Client-Id: tracked-" + index);
            headers.add("X-Request-Seq: 1");
        }
        if (random.nextInt(8) == 0) {
            headers.add("Expect: 100-continue");
        }
        if (random.nextInt(4) == 0) {
            String path = "/set?key=" + encodedKey + "&value=" + percentEncode(value);
            byte[] bytes = head("GET", path, headers, "HTTP/1.1");
            return new Request(
                    bytes, "GET", true, false, false, keyText, value, "/kv/" + encodedKey, "tracked GET " + clip(path));
        }
        boolean chunked = random.nextBoolean();
        String path = "/kv/" + encodedKey;
        byte[] bytes = withBody("PUT", path, headers, value, chunked ? Framing.CHUNKED : Framing.LENGTH);
        boolean readsBack = random.nextInt(4) == 0;
        if (readsBack) {
            bytes = concat(
                    bytes, latin1("GET " + path + "?consistency=linearizable HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        }
        return new Request(
                bytes,
                "PUT",
                true,
                false,
                readsBack,
                keyText,
                value,
                path,
                "tracked PUT " + clip(path) + " " + value.length + " bytes" + (chunked ? " chunked" : "") + " "
                        + headers + (readsBack ? " then GET" : ""));
    }

    private Request anything() {
        String method = pick(METHODS);
        String route = pick(ROUTES);
        String path = route.replace("{long}", "f" + "L".repeat(pick(List.of(1100, 5000, 70_000))));
        while (path.contains("{k}") || path.contains("{q}")) {
            path = path.replaceFirst("\\{k}", key()).replaceFirst("\\{q}", query());
        }
        List<String> headers = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            headers.add(header());
        }
        byte[] body = random.nextInt(3) == 0 ? null : body();
        Framing framing = pick(List.of(Framing.values()));
        String version = random.nextInt(20) == 0 ? pick(List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "")) : "HTTP/1.1";
        byte[] bytes = body == null
                ? head(method, path, headers, version)
                : withBody(method, path, headers, body, framing, version);
        // A body shorter than announced, or chunks without their last line, leave the node waiting.
        boolean complete = body == null
                || !(framing == Framing.LENGTH_TOO_LONG
                        || framing == Framing.CHUNKED_UNTERMINATED
                        || framing == Framing.CHUNKED_BAD_SIZE);
        if (random.nextInt(12) == 0) {
            int cut = 1 + random.nextInt(bytes.length - 1);
            byte[] cutBytes = new byte[cut];
            System.arraycopy(bytes, 0, cutBytes, 0, cut);
            bytes = cutBytes;
            complete = false;
        }
        String summary = method + " " + clip(path) + (version.equals("HTTP/1.1") ? "" : " '" + version + "'") + " "
                + clip(String.valueOf(headers)) + " "
                + (body == null ? "no body" : body.length + " bytes " + framing) + (complete ? "" : " cut");
        return new Request(bytes, method, complete, !version.equals("HTTP/1.1"), false, null, null, null, summary);
    }

    private enum Framing {
        LENGTH,
        CHUNKED,
        CHUNKED_BAD_SIZE,
        CHUNKED_EXTENSION,
        CHUNKED_UNTERMINATED,
        LENGTH_TOO_SHORT,
        LENGTH_TOO_LONG,
        LENGTH_AND_CHUNKED,
        TWO_LENGTHS,
        NO_LENGTH
    }

    /** The request line and headers, with the blank line that ends them. */
    private byte[] head(String method, String path, List<String> headers, String version) {
        StringBuilder s = new StringBuilder();
        s.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
        if (random.nextInt(30) != 0) {
            s.append("Host: 127.0.0.1\r\n");
        }
        headers.forEach(h -> s.append(h).append("\r\n"));
        s.append("\r\n");
        return latin1(s.toString());
    }

    private byte[] withBody(String method, String path, List<String> headers, byte[] body, Framing framing) {
        return withBody(method, path, headers, body, framing, "HTTP/1.1");
    }

    private byte[] withBody(
            String method, String path, List<String> headers, byte[] body, Framing framing, String version) {
        List<String> all = new ArrayList<>(headers);
        switch (framing) {
            case LENGTH -> all.add("Content-Length: " + body.length);
            case LENGTH_TOO_SHORT -> all.add("Content-Length: " + Math.max(0, body.length - 1 - random.nextInt(5)));
            case LENGTH_TOO_LONG -> all.add("Content-Length: " + (body.length + 1 + random.nextInt(100)));
            case TWO_LENGTHS -> {
                all.add("Content-Length: " + body.length);
                all.add("Content-Length: " + (body.length + 1));
            }
            case LENGTH_AND_CHUNKED -> {
                all.add("Content-Length: " + body.length);
                all.add("Transfer-Encoding: chunked");
            }
            case NO_LENGTH -> {}
            default -> all.add("Transfer-Encoding: chunked");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head(method, path, all, version));
        switch (framing) {
            case CHUNKED, LENGTH_AND_CHUNKED, CHUNKED_BAD_SIZE, CHUNKED_EXTENSION, CHUNKED_UNTERMINATED -> {
                int pos = 0;
                while (pos < body.length) {
                    int n = Math.min(body.length - pos, 1 + random.nextInt(300));
                    String size = Integer.toHexString(n);
                    if (framing == Framing.CHUNKED_BAD_SIZE && random.nextInt(3) == 0) {
                        size = pick(List.of("zz", "-1", "", "ffffffffffffffff", " 1", size + "g"));
                    } else if (framing == Framing.CHUNKED_EXTENSION) {
                        size = size + ";name=\"v\"";
                    }
                    out.writeBytes(latin1(size + "\r\n"));
                    out.write(body, pos, n);
                    out.writeBytes(latin1("\r\n"));
                    pos += n;
                }
                if (framing != Framing.CHUNKED_UNTERMINATED) {
                    out.writeBytes(latin1(framing == Framing.CHUNKED_BAD_SIZE ? "0\r\n" : "0\r\n\r\n"));
                }
            }
            default -> out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** A generated key as it appears in a path: always starts with 'f', so never a tracked key. */
    private String key() {
        StringBuilder s = new StringBuilder("f");
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append(
                    switch (random.nextInt(10)) {
                        case 0 -> "%41";
                        case 1 -> pick(List.of("%FF%FE", "%C0%AF", "%ED%A0%80", "%E2%82", "%F4%90%80%80"));
                        case 2 -> pick(List.of("%", "%4", "%G1", "%%", "%zz"));
                        case 3 -> "%2F";
                        case 4 -> "%C3%A9";
                        case 5 -> pick(List.of("\u00e9", "\u00ff", "\u0001", "\t", "\u007f"));
                        case 6 -> pick(List.of(";", "+", "=", "&", "~", ":", "@", "!", "'"));
                        default -> String.valueOf((char) ('a' + random.nextInt(26)));
                    });
        }
        return s.toString();
    }

    private String query() {
        String k = key();
        return random.nextInt(4) == 0 ? pick(List.of("", "%", "a=b=c", "&&&", "%00", "k=" + k)) : k;
    }

    private String header() {
        return switch (random.nextInt(16)) {
            case 0, 1 -> "Content-Type: " + pick(CONTENT_TYPES);
            case 2 ->
                "X-Client-Id: " + pick(List.of("fuzz", "", "c".repeat(200), "\u00e9", "fuzz-" + random.nextInt(5)));
            case 3 ->
                "X-Request-Seq: "
                        + pick(List.of(
                                "0", "-1", "1", "2", "99999999999999999999", "x", String.valueOf(random.nextInt(9))));
            case 4 -> "Expect: " + pick(List.of("100-continue", "200-ok", ""));
            case 5 -> "Connection: " + pick(List.of("close", "keep-alive", "upgrade", "???"));
            case 6 -> "Content-Encoding: " + pick(List.of("gzip", "deflate", "br", "x"));
            case 7 -> "Accept-Encoding: gzip";
            case 8 -> "X-Big: " + "b".repeat(pick(List.of(100, 9000, 40_000)));
            case 9 -> "no colon here";
            case 10 -> "Sp ace: x";
            case 11 -> " folded: continuation";
            case 12 -> "X-Latin: caf\u00e9\u00ff";
            case 13 -> "Upgrade: " + pick(List.of("h2c", "websocket"));
            case 14 -> "Transfer-Encoding: " + pick(List.of("gzip, chunked", "identity", "chunked, chunked", "x"));
            default -> "X-Many: " + "a=b; ".repeat(random.nextInt(50));
        };
    }

    private byte[] body() {
        return switch (random.nextInt(8)) {
            case 0 -> latin1("{\"expected\":" + pick(List.of("null", "\"a\"", "1", "[]")) + ",\"value\":\"v\"}");
            case 1 ->
                latin1("{\"f" + random.nextInt(9) + "\":\"v\",\"f\":" + pick(List.of("1", "\"\\ud800\"", "null"))
                        + "}");
            case 2 -> latin1("a=b&".repeat(random.nextInt(3000)) + "%zz");
            case 3 -> latin1("--XyZ\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\nv\r\n--XyZ--\r\n");
            case 4 -> {
                byte[] b = new byte[random.nextInt(2000)];
                random.nextBytes(b);
                yield b;
            }
            case 5 ->
                "x".repeat(pick(List.of(0, 1, 1024, 1025, 20_000, 300_000))).getBytes(StandardCharsets.UTF_8);
            case 6 -> latin1("{\"expected\":\"\\ud800\",\"value\":\"\\udfff\"}");
            default -> value();
        };
    }

    /** A value: mostly valid UTF-8, sometimes not, sometimes over the limit. */
    private byte[] value() {
        int length = random.nextInt(10) == 0 ? 1000 + random.nextInt(100) : random.nextInt(200);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(
                    switch (random.nextInt(6)) {
                        case 0 -> 0x80 + random.nextInt(0x780);
                        case 1 -> 0x800 + random.nextInt(0xd000 - 0x800);
                        case 2 -> 0x10000 + random.nextInt(0x1000);
                        case 3 -> random.nextInt(0x20);
                        default -> 0x20 + random.nextInt(0x5f);
                    });
        }
        byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0 && utf8.length > 0) {
            utf8[random.nextInt(utf8.length)] = (byte) (int) pick(List.of(0xff, 0xc0, 0x80, 0xed));
        }
        return utf8;
    }

    /** Percent-encodes every byte but unreserved ASCII. */
    public static String percentEncode(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                s.append(c);
            } else {
                s.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return s.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] latin1(String s) {
        // Characters beyond Latin-1 in generated text go out as their UTF-8 bytes.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (char c : s.toCharArray()) {
            if (c < 256) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + ")" : s;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
