package io.raftkv.tester.system;

import io.raftkv.tester.client.ClientHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the rig gives a system to make one logical client.
 *
 * @param http shared HTTP client
 * @param nodes the nodes' client URLs, asked for each request (addresses change after a restart)
 * @param home index of the node this client talks to first
 * @param clientId a stable id for the client, unique in the run
 * @param timeout per request
 * @param writeAttempts how many times a write with an unknown outcome may be sent, where the system
 *     can make that safe (raftkv's sessions); 1 never sends one again
 */
public record ClientSpec(
        ClientHttp http, Supplier<List<URI>> nodes, int home, String clientId, Duration timeout, int writeAttempts) {}
