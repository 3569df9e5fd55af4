package io.raftkv.tester.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Partitions for nodes that are processes of this host, each with its own loopback address
 * (127.0.0.x) and its own uid, in the host's iptables; needs root. Every rule lives in chains of the
 * rig's own, named {@value #CHAIN}, which {@link #close()} removes (and {@link #open()} removes first
 * if a crashed run left them).
 *
 * <p>A process dials a 127.0.0.x address from 127.0.0.1, whatever its own address, so a node's
 * outgoing connections are first rewritten to come from its address: {@code nat POSTROUTING} SNATs
 * connections of the node's uid. After that a packet from a to b is {@code -s ip(a) -d ip(b)} either
 * in INPUT (connections a dialed: their source is rewritten before INPUT) or in OUTPUT (answers on
 * connections b dialed: their destination is rewritten back only after OUTPUT), so the filter chain,
 * jumped to from both, drops a grudge's links with one rule per link. The rig's clients come from
 * 127.0.0.1 and are never dropped.
 */
public final class LoopbackIptablesNet implements Net, AutoCloseable {
    /** The rig's chain, in the filter and the nat table. */
    public static final String CHAIN = "RAFTKV-ETCD";

    private final Map<String, String> ips;
    private final Map<String, Integer> uids;
    private boolean open;

    /**
     * @param ips each node's loopback address
     * @param uids each node's uid, whose outgoing connections come from the node's address
     */
    public LoopbackIptablesNet(Map<String, String> ips, Map<String, Integer> uids) {
        this.ips = Map.copyOf(ips);
        this.uids = Map.copyOf(uids);
    }

    /** Creates the chains, jumps to them and SNATs each node's uid; call before any node starts. */
    public synchronized void open() {
        removeChains();
        for (var cmd : openCommands()) {
            run(cmd);
        }
        open = true;
    }

    /** The commands {@link #open()} runs, in order. */
    List<List<String>> openCommands() {
        var out = new ArrayList<List<String>>();
        out.add(List.of("iptables", "-w", "-N", CHAIN));
        out.add(List.of("iptables", "-w", "-I", "INPUT", "-j", CHAIN));
        out.add(List.of("iptables", "-w", "-I", "OUTPUT", "-j", CHAIN));
        out.add(List.of("iptables", "-w", "-t", "nat", "-N", CHAIN));
        out.add(List.of("iptables", "-w", "-t", "nat", "-I", "POSTROUTING", "-j", CHAIN));
        ips.keySet().stream()
                .sorted()
                .forEach(node -> out.add(List.of(
                        "iptables",
                        "-w",
                        "-t",
                        "nat",
                        "-A",
                        CHAIN,
                        "-o",
                        "lo",
                        "-m",
                        "owner",
                        "--uid-owner",
                        Integer.toString(uids.get(node)),
                        "-j",
                        "SNAT",
                        "--to-source",
                        ips.get(node))));
        return out;
    }

    @Override
    public synchronized void apply(Grudge grudge) {
        ensureFilterChain();
        restore(rules(grudge));
    }

    /**
     * Puts the filter chain and its jumps back if something removed them since {@link #open()} (a
     * clean-up of another rig that takes every {@code RAFTKV-*} chain for a leftover).
     */
    private void ensureFilterChain() {
        if (exec(List.of("iptables", "-w", "-S", CHAIN), null) != 0) {
            run(List.of("iptables", "-w", "-N", CHAIN));
        }
        for (String hook : List.of("INPUT", "OUTPUT")) {
            if (exec(List.of("iptables", "-w", "-C", hook, "-j", CHAIN), null) != 0) {
                run(List.of("iptables", "-w", "-I", hook, "-j", CHAIN));
            }
        }
    }

    @Override
    public synchronized void heal() {
        if (open && exec(List.of("iptables", "-w", "-S", CHAIN), null) == 0) {
            restore(rules(Grudge.none()));
        }
    }

    /** The filter chain for {@code grudge}, as iptables-restore input that replaces the chain at once. */
    String rules(Grudge grudge) {
        var out = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        grudge.drops().forEach((node, dropped) -> {
            for (var from : new java.util.TreeSet<>(dropped)) {
                out.append("-A ")
                        .append(CHAIN)
                        .append(" -s ")
                        .append(ip(from))
                        .append("/32 -d ")
                        .append(ip(node))
                        .append("/32 -j DROP\n");
            }
        });
        return out.append("COMMIT\n").toString();
    }

    private String ip(String node) {
        String ip = ips.get(node);
        if (ip == null) {
            throw new IllegalArgumentException("no address for node " + node + "; nodes: " + Set.copyOf(ips.keySet()));
        }
        return ip;
    }

    /** Removes the jumps and the chains; safe to call more than once. */
    @Override
    public synchronized void close() {
        open = false;
        removeChains();
    }

    /** Every command that removes the rig's jumps and chains; each may fail when nothing is there. */
    static List<List<String>> removeCommands() {
        return List.of(
                List.of("iptables", "-w", "-D", "INPUT", "-j", CHAIN),
                List.of("iptables", "-w", "-D", "OUTPUT", "-j", CHAIN),
                List.of("iptables", "-w", "-F", CHAIN),
                List.of("iptables", "-w", "-X", CHAIN),
                List.of("iptables", "-w", "-t", "nat", "-D", "POSTROUTING", "-j", CHAIN),
                List.of("iptables", "-w", "-t", "nat", "-F", CHAIN),
                List.of("iptables", "-w", "-t", "nat", "-X", CHAIN));
    }

    private static void removeChains() {
        for (var cmd : removeCommands()) {
            // A jump inserted twice (by two crashed runs) needs as many deletes.
            for (int i = 0; i < 8 && exec(cmd, null) == 0 && cmd.contains("-D"); i++) {}
        }
    }

    private static void restore(String input) {
        if (exec(List.of("iptables-restore", "-w", "--noflush"), input) != 0) {
            throw new IllegalStateException("iptables-restore refused:\n" + input);
        }
    }

    private static void run(List<String> cmd) {
        if (exec(cmd, null) != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (the local etcd backend needs root)");
        }
    }

    private static int exec(List<String> cmd, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
