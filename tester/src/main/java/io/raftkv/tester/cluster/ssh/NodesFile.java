package io.raftkv.tester.cluster.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The nodes file of the SSH backend: one host a line, as {@code host}, {@code host:port}, {@code
 * [ipv6]} or {@code [ipv6]:port} (the SSH port, 22 when left out). Blank lines are skipped; {@code #}
 * starts a comment. Node ids n1, n2, ... follow the order of the file.
 */
public final class NodesFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-_]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%A-Za-z]+");

    private NodesFile() {}

    /** Reads and parses a nodes file; errors name the file and the line. */
    public static List<SshHost> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--nodes-file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * @param source the file's name, for messages
     * @throws IllegalArgumentException "FILE line N: ..." for the first bad line, or for a file with
     *     no host
     */
    public static List<SshHost> parse(String text, String source) {
        var hosts = new ArrayList<SshHost>();
        var seen = new HashSet<String>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            if (entry.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        where + "'" + entry + "' holds more than one word; give one host a line (host or host:port)");
            }
            SshHost host;
            try {
                host = entry(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            if (!seen.add(host.host() + ":" + host.port())) {
                throw new IllegalArgumentException(where + host + " is listed twice");
            }
            hosts.add(host);
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(source + " names no host (one host a line, host or host:port)");
        }
        return List.copyOf(hosts);
    }

    private static SshHost entry(String entry) {
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + entry + "' opens [ but does not close it");
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + entry + "': expected :port after ]");
                }
                port = rest.substring(1);
            }
            if (host.isEmpty() || !IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException(
                        "'" + entry + "' has several colons; write an IPv6 address as [address] or [address]:port");
            }
            host = colon >= 0 ? entry.substring(0, colon) : entry;
            port = colon >= 0 ? entry.substring(colon + 1) : null;
            if (!NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a host name or address");
            }
        }
        return new SshHost(host, port == null ? SshHost.DEFAULT_PORT : port(port));
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        return port;
    }
}
