package io.raftkv.tester.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a backend tells a system about one node it starts.
 *
 * @param id the node's id (n1, n2, ...)
 * @param dataDir where the node keeps its state; kept across kills and restarts
 * @param client the host:port its client API listens on
 * @param peer the host:port its peers dial it on
 * @param peers every node's id and the host:port this node must dial it on, itself included, in
 *     node order
 * @param flags extra flags for the node, as given on the command line
 * @param listenOnAll listen on every interface ({@code 0.0.0.0}, in a container) at the ports of
 *     {@code client} and {@code peer}, which are then only the addresses others reach it at
 */
public record NodeLaunch(
        String id,
        Path dataDir,
        String client,
        String peer,
        Map<String, String> peers,
        List<String> flags,
        boolean listenOnAll) {
    public NodeLaunch {
        peers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(peers));
        flags = List.copyOf(flags);
    }
}
