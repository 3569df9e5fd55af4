package io.raftkv.tester.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Partitions for nodes that run as local processes: a mesh of {@link LinkProxy}s, one per directed
 * link, through which every node dials every peer. Applying a grudge cuts each link whose ends hold a
 * grudge in either direction (a TCP connection cannot carry traffic one way only), like iptables
 * rules that drop a peer's packets.
 *
 * <p>Only Raft traffic goes through the mesh. A follower that forwards a client request over HTTP
 * reaches the leader directly; that makes a partitioned follower more useful to clients than in
 * the Docker backend but cannot make an unsafe cluster look safe.
 */
public final class ProxyNet implements Net, AutoCloseable {
    private final Map<String, LinkProxy> links = new LinkedHashMap<>();

    /**
     * @param nodes node ids
     * @param raftAddress each node's real Raft address, asked on every new connection (a node may
     *     come back on another port)
     */
    public ProxyNet(List<String> nodes, Function<String, InetSocketAddress> raftAddress) {
        try {
            for (var from : nodes) {
                for (var to : nodes) {
                    if (!from.equals(to)) {
                        links.put(key(from, to), new LinkProxy(from, to, () -> raftAddress.apply(to)));
                    }
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the local proxy mesh", e);
        }
    }

    /** The port {@code from} must dial to reach {@code to}. */
    public int port(String from, String to) {
        return links.get(key(from, to)).port();
    }

    @Override
    public synchronized void apply(Grudge grudge) {
        for (var link : links.values()) {
            if (grudge.cuts(link.from(), link.to())) {
                link.cut();
            } else {
                link.heal();
            }
        }
    }

    @Override
    public synchronized void heal() {
        links.values().forEach(LinkProxy::heal);
    }

    /** Links currently cut, as "from->to", for tests and logs. */
    public synchronized List<String> cutLinks() {
        var out = new ArrayList<String>();
        links.values().stream().filter(LinkProxy::isCut).forEach(l -> out.add(l.from() + "->" + l.to()));
        return out;
    }

    @Override
    public synchronized void close() {
        links.values().forEach(LinkProxy::close);
    }

    private static String key(String from, String to) {
        return from + "->" + to;
    }
}
