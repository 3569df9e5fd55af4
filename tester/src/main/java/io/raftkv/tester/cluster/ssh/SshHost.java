package io.raftkv.tester.cluster.ssh;

/**
 * One machine of an SSH cluster, as the nodes file names it.
 *
 * @param host a host name or address, as the rig and the other nodes reach it (IPv6 without
 *     brackets)
 * @param port the SSH port
 */
public record SshHost(String host, int port) {
    public static final int DEFAULT_PORT = 22;

    public SshHost {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** The host as it goes into a URI or a host:port pair: IPv6 addresses in brackets. */
    public String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** host, or host:port when the port is not 22; how the nodes file and messages name it. */
    @Override
    public String toString() {
        return port == DEFAULT_PORT ? host : uriHost() + ":" + port;
    }
}
