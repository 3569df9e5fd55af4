package io.raftkv.tester.cli;

import io.raftkv.tester.cluster.Backends;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.ssh.SshTarget;
import io.raftkv.tester.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rig cluster}: starts a cluster and keeps it up until Ctrl-C, for trying it by hand. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        exitCodeOnInvalidInput = 3,
        description = {
            "Starts a cluster the way a run does and prints each node's HTTP address; Ctrl-C stops it",
            "and removes its processes or containers. Local data and logs go to a run folder."
        })
public final class ClusterCommand implements Callable<Integer> {

    @Option(
            names = "--backend",
            paramLabel = "B",
            description = "docker, local or ssh (default: ssh with --nodes-file, else docker when an engine answers)")
    String backend;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "cluster size (default 3; with --backend ssh, the hosts of --nodes-file)")
    Integer nodes;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Option(names = "--server-flags", paramLabel = "\"...\"", description = "extra flags for every server")
    String serverFlags = "";

    @Option(
            names = "--runs-dir",
            paramLabel = "DIR",
            description = "parent of the cluster's folder (default histories/runs)")
    Path runsDir;

    @Override
    public Integer call() throws Exception {
        Backends.Choice choice;
        SshTarget target;
        int size;
        try {
            target = ssh.target();
            choice = Backends.choose(backend == null && target != null ? "ssh" : backend);
            size = nodes != null ? nodes : target != null ? target.hosts().size() : 3;
            if (target != null && size != target.hosts().size()) {
                throw new IllegalArgumentException("--nodes " + size + " but " + target.nodesFile() + " lists "
                        + target.hosts().size() + " hosts; leave --nodes out with --nodes-file");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("rig cluster: " + e.getMessage());
            return 3;
        }
        Path dir =
                RunFolder.create(runsDir != null ? runsDir : RunFolder.defaultRunsDir(), "cluster-" + choice.backend());
        List<String> flags =
                serverFlags.isBlank() ? List.of() : List.of(serverFlags.trim().split("\\s+"));
        Cluster cluster = Backends.build(choice.backend(), size, dir, flags, target);
        var done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("rig cluster: stopping");
            cluster.collectLogs(dir.resolve("nodes"));
            cluster.close();
            done.countDown();
        }));
        System.err.println(
                "rig cluster: backend " + choice.backend() + " (" + choice.reason() + "), starting " + size + " nodes");
        cluster.start();
        for (var node : cluster.nodes()) {
            System.out.println(node + "  " + cluster.http(node) + "  (raft " + cluster.raftAddress(node) + ")");
        }
        System.out.println("try: curl -XPUT " + cluster.http(cluster.nodes().getFirst()) + "/kv/y -d hello");
        System.err.println("rig cluster: up; logs and data under " + dir + "; Ctrl-C to stop");
        done.await();
        return 0;
    }
}
