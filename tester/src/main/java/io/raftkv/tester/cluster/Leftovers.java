package io.raftkv.tester.cluster;

import io.raftkv.tester.net.IptablesNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What earlier runs left behind when their rig died without tearing down (kill -9, a crash, a lost
 * terminal): containers, networks and volumes labelled by {@link DockerLabels} whose owner no longer
 * runs; local servers whose {@link PidFile} names a rig that no longer runs; iptables chains named
 * {@code RAFTKV-*} on this host whose jumps name a rig that no longer runs. Resources of a run still in progress (its rig runs) are never
 * touched, so runs on one machine at once do not clean up each other.
 */
public final class Leftovers {
    /** What a leftover is. */
    public enum Kind {
        CONTAINER("container", true),
        NETWORK("network", false),
        VOLUME("volume", false),
        SERVER("server process", true),
        CHAIN("iptables chain", true);

        private final String noun;
        /** Whether {@link #describe()} names each one (a volume's or network's id says nothing). */
        private final boolean named;

        Kind(String noun, boolean named) {
            this.noun = noun;
            this.named = named;
        }

        String count(long n) {
            return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
        }
    }

    /**
     * One thing left behind.
     *
     * @param id what removes it: a Docker id or name, a pid file, a chain name
     * @param name what a user recognises: a container name, a pid
     * @param run the run that made it, or "" if unknown
     */
    public record Leftover(Kind kind, String id, String name, String run) {}

    private final List<Leftover> items;
    private final Commands commands;

    private Leftovers(List<Leftover> items, Commands commands) {
        this.items = List.copyOf(items);
        this.commands = commands;
    }

    /**
     * Looks for leftovers: on the Docker engine if one answers, in the run folders under {@code
     * runsDir}, and (as root) in this host's iptables.
     */
    public static Leftovers find(Path runsDir) {
        return find(runsDir, Commands.system(30), isRoot());
    }

    static Leftovers find(Path runsDir, Commands commands, boolean root) {
        var items = new ArrayList<Leftover>();
        if (commands.run(List.of("docker", "info", "--format", "{{.ServerVersion}}"))
                .ok()) {
            items.addAll(docker(commands));
        }
        items.addAll(servers(runsDir));
        if (root) {
            items.addAll(chains(commands));
        }
        return new Leftovers(items, commands);
    }

    public List<Leftover> items() {
        return items;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** For a user, by run: "run 20261201-101500-x: 3 containers, 1 network, 3 volumes; ...". */
    public String describe() {
        var byRun = new TreeMap<String, List<Leftover>>();
        items.forEach(
                i -> byRun.computeIfAbsent(i.run(), r -> new ArrayList<>()).add(i));
        var parts = new ArrayList<String>();
        byRun.forEach((run, list) -> {
            var counts = new ArrayList<String>();
            for (Kind kind : Kind.values()) {
                var of = list.stream().filter(i -> i.kind() == kind).toList();
                if (!of.isEmpty()) {
                    String names =
                            String.join(", ", of.stream().map(Leftover::name).toList());
                    counts.add(kind.count(of.size()) + (kind.named ? " (" + names + ")" : ""));
                }
            }
            parts.add((run.isEmpty() ? "" : "run " + run + ": ") + String.join(", ", counts));
        });
        return String.join("; ", parts);
    }

    /** Removes everything found; returns what could not be removed, and why. */
    public List<String> clean() {
        var failures = new ArrayList<String>();
        // Containers first: a network or volume in use cannot be removed.
        for (Kind kind : Kind.values()) {
            for (Leftover item : items) {
                if (item.kind() == kind) {
                    remove(item).ifPresent(why -> failures.add(kind.noun + " " + item.name() + ": " + why));
                }
            }
        }
        return failures;
    }

    /**
     * For the start of a run: finds leftovers, and if there are any, says so on {@code out} and
     * removes them. Never throws: a run goes ahead whatever is left.
     */
    public static void removeBeforeRun(Path runsDir, PrintStream out) {
        try {
            Leftovers found = find(runsDir);
            if (found.isEmpty()) {
                return;
            }
            out.println("rig: found leftovers of earlier runs: " + found.describe() + "; removing them");
            for (String failure : found.clean()) {
                out.println("rig: could not remove " + failure + " (./rig clean tries again)");
            }
        } catch (RuntimeException e) {
            out.println("rig: could not look for leftovers of earlier runs: " + e.getMessage());
        }
    }

    private Optional<String> remove(Leftover item) {
        return switch (item.kind()) {
            case CONTAINER -> {
                // A container paused when its rig died must be thawed before it can be removed.
                commands.run(List.of("docker", "unpause", item.id()));
                yield failure(commands.run(List.of("docker", "rm", "-f", "-v", item.id())));
            }
            case NETWORK -> failure(commands.run(List.of("docker", "network", "rm", item.id())));
            case VOLUME -> failure(commands.run(List.of("docker", "volume", "rm", item.id())));
            case SERVER -> stopServer(Path.of(item.id()));
            case CHAIN -> removeChain(item.id());
        };
    }

    /** Empty if the command worked or found nothing to remove (gone with its container). */
    private static Optional<String> failure(Commands.Result result) {
        String err = result.err().toLowerCase(java.util.Locale.ROOT);
        if (result.ok() || err.contains("no such") || err.contains("not found")) {
            return Optional.empty();
        }
        return Optional.of(
                result.err().isBlank() ? "exit " + result.exit() : result.err().strip());
    }

    // --- Docker ------------------------------------------------------------------------------

    private static List<Leftover> docker(Commands commands) {
        String labels = "{{.Label \"" + DockerLabels.OWNER + "\"}}|{{.Label \"" + DockerLabels.RUN + "\"}}";
        String filter = "label=" + DockerLabels.OWNER;
        var out = new ArrayList<Leftover>();
        for (String[] f :
                rows(commands, "docker", "ps", "-a", "--filter", filter, "--format", "{{.ID}}|{{.Names}}|" + labels)) {
            if (f.length == 4 && ownerGone(f[2])) {
                out.add(new Leftover(Kind.CONTAINER, f[0], f[1], f[3]));
            }
        }
        for (String[] f : rows(
                commands, "docker", "network", "ls", "--filter", filter, "--format", "{{.ID}}|{{.Name}}|" + labels)) {
            if (f.length == 4 && ownerGone(f[2])) {
                out.add(new Leftover(Kind.NETWORK, f[0], f[1], f[3]));
            }
        }
        for (String[] f :
                rows(commands, "docker", "volume", "ls", "--filter", filter, "--format", "{{.Name}}|" + labels)) {
            if (f.length == 3 && ownerGone(f[1])) {
                out.add(new Leftover(Kind.VOLUME, f[0], f[0].substring(0, Math.min(12, f[0].length())), f[2]));
            }
        }
        return out;
    }

    private static List<String[]> rows(Commands commands, String... command) {
        var result = commands.run(List.of(command));
        if (!result.ok()) {
            return List.of();
        }
        return result.lines().stream().map(l -> l.split("\\|", -1)).toList();
    }

    /**
     * Whether the rig that made a resource is gone. A resource from an earlier boot of this machine
     * is gone too if the engine runs here; on a remote engine it may be another machine's.
     */
    static boolean ownerGone(String label) {
        ProcessStamp owner;
        try {
            owner = ProcessStamp.parse(label);
        } catch (IllegalArgumentException e) {
            return false; // not written by this rig: not ours to judge
        }
        if (owner.fromAnotherBoot()) {
            String host = System.getenv("DOCKER_HOST");
            return host == null || host.isBlank() || host.startsWith("unix://");
        }
        return !owner.isAlive();
    }

    // --- local servers -----------------------------------------------------------------------

    private static List<Leftover> servers(Path runsDir) {
        if (runsDir == null || !Files.isDirectory(runsDir)) {
            return List.of();
        }
        var out = new ArrayList<Leftover>();
        try (Stream<Path> runs = Files.list(runsDir)) {
            // Not through links: "latest" is another name for a run folder.
            for (Path run : runs.filter(r -> Files.isDirectory(r, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList()) {
                Path nodes = run.resolve("nodes");
                if (!Files.isDirectory(nodes)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(nodes)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(PidFile.SUFFIX))
                            .sorted()
                            .toList()) {
                        String node = file.getFileName().toString().replace(PidFile.SUFFIX, "");
                        orphan(file)
                                .ifPresent(pid -> out.add(new Leftover(
                                        Kind.SERVER,
                                        file.toString(),
                                        node + " pid " + pid,
                                        run.getFileName().toString())));
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable runs folder holds nothing we could act on
        }
        return out;
    }

    /** The pid of the server a pid file names, if it runs and its rig does not. */
    private static Optional<Long> orphan(Path file) {
        try {
            PidFile pids = PidFile.read(file);
            if (pids.server().isAlive() && !pids.rig().isAlive()) {
                return Optional.of(pids.server().pid());
            }
        } catch (IOException | IllegalArgumentException e) {
            // half-written or not ours
        }
        return Optional.empty();
    }

    private Optional<String> stopServer(Path pidFile) {
        Optional<ProcessHandle> handle;
        try {
            handle = PidFile.read(pidFile).server().handle();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("cannot read " + pidFile + ": " + e.getMessage());
        }
        if (handle.isPresent()) {
            ProcessHandle p = handle.get();
            // A server paused (SIGSTOP) when its rig died would not act on SIGTERM until thawed.
            commands.run(List.of("kill", "-CONT", Long.toString(p.pid())));
            p.destroy();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception again) {
                    return Optional.of("pid " + p.pid() + " survived SIGKILL for 5 s");
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            return Optional.of("cannot delete " + pidFile + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    // --- host iptables -----------------------------------------------------------------------

    /**
     * Chains named {@code RAFTKV-*} whose every jump carries an owner comment ({@link
     * IptablesNet#OWNER_COMMENT}) naming a rig that is gone. A chain without one was not made by
     * the rig (another tool on this machine may use the same prefix) and is left alone.
     */
    private static List<Leftover> chains(Commands commands) {
        var result = commands.run(List.of("iptables", "-w", "-S"));
        if (!result.ok()) {
            return List.of();
        }
        var out = new ArrayList<Leftover>();
        for (String line : result.lines()) {
            if (!line.startsWith("-N " + IptablesNet.CHAIN_PREFIX)) {
                continue;
            }
            String chain = line.substring(3).strip();
            var owners = jumpsTo(chain, result.lines()).stream()
                    .map(Leftovers::ownerComment)
                    .toList();
            if (!owners.isEmpty() && owners.stream().allMatch(o -> o.isPresent() && ownerGone(o.get()))) {
                out.add(new Leftover(Kind.CHAIN, chain, chain, ""));
            }
        }
        return out;
    }

    private static List<String> jumpsTo(String chain, List<String> rules) {
        var jump = java.util.regex.Pattern.compile(".* -j " + java.util.regex.Pattern.quote(chain) + "( .*)?");
        return rules.stream()
                .filter(r -> r.startsWith("-A ") && jump.matcher(r).matches())
                .toList();
    }

    private static Optional<String> ownerComment(String rule) {
        var m = java.util.regex.Pattern.compile("--comment \"?" + IptablesNet.OWNER_COMMENT + "([^\"\\s]+)")
                .matcher(rule);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Deletes the jumps to the chain, empties it, deletes it. */
    private Optional<String> removeChain(String chain) {
        var rules = commands.run(List.of("iptables", "-w", "-S"));
        if (!rules.ok()) {
            return Optional.of(rules.err().strip());
        }
        for (String rule : jumpsTo(chain, rules.lines())) {
            // The rig's owner comment has no spaces, so the rule splits into its arguments; -S
            // quotes the comment, which the shell would have taken off.
            var delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
            for (String arg : rule.substring(3).split(" ")) {
                boolean quoted = arg.length() > 1 && arg.startsWith("\"") && arg.endsWith("\"");
                delete.add(quoted ? arg.substring(1, arg.length() - 1) : arg);
            }
            var result = commands.run(delete);
            if (!result.ok()) {
                return Optional.of(
                        String.join(" ", delete) + ": " + result.err().strip());
            }
        }
        for (String op : List.of("-F", "-X")) {
            var result = commands.run(List.of("iptables", "-w", op, chain));
            if (!result.ok()) {
                return Optional.of(
                        "iptables " + op + " " + chain + ": " + result.err().strip());
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** For tests: the found items as kind -> names. */
    Map<Kind, List<String>> byKind() {
        var out = new TreeMap<Kind, List<String>>();
        items.forEach(i -> out.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(i.name()));
        return out;
    }
}
