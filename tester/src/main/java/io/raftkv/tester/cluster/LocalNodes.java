package io.raftkv.tester.cluster;

import io.raftkv.tester.system.SystemUnderTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the local clusters share: one process of this host per node, kept by {@link
 * NodeProcesses}. Kill is SIGKILL, restart launches the node again on its data, pause is SIGSTOP
 * and resume SIGCONT; {@link #close()} stops every node, then lets the cluster remove the rest.
 */
abstract sealed class LocalNodes implements Cluster, Killable, Pausable permits LocalCluster, LocalEtcdCluster {
    protected final List<String> nodes;
    protected final NodeProcesses processes;
    private boolean closed;

    /**
     * @param dir the run folder; data and logs go below it
     * @param noun how messages name a node ("node", "etcd node")
     */
    LocalNodes(int size, Path dir, SystemUnderTest system, String noun) {
        this.nodes = Cluster.nodeIds(size);
        this.processes = new NodeProcesses(dir, system, noun);
    }

    /** Starts the node's process on its data, the first time or after it was killed. */
    abstract void launch(String node);

    /** Removes what the cluster made besides the processes (proxies, rules, locks); called once. */
    abstract void closeRest();

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void kill(String node) {
        processes.kill(node);
    }

    @Override
    public synchronized void restart(String node) {
        if (!processes.isRunning(node)) {
            launch(node);
        }
    }

    @Override
    public boolean isRunning(String node) {
        return processes.isRunning(node);
    }

    @Override
    public Optional<String> whyStopped(String node) {
        return processes.whyStoppedSinceLaunch(node);
    }

    @Override
    public void pause(String node) {
        processes.signal(node, "STOP");
    }

    @Override
    public void resume(String node) {
        processes.signal(node, "CONT");
    }

    @Override
    public void collectLogs(Path target) {
        processes.collectLogs(nodes, target);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        processes.stopAll();
        closeRest();
    }
}
