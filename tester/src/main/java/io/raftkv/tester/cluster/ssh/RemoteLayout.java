package io.raftkv.tester.cluster.ssh;

import io.raftkv.tester.system.RaftkvSystem;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rig keeps on a node and the scripts that start, signal and stop the server there. All
 * under {@value #BASE}: the server jar (kept between runs, replaced when its checksum differs) and
 * one folder per run, {@code runs/<run id>/} with the server's {@code data/}, {@code server.log}
 * and {@code server.pid}. The run folder is removed when the run ends, after its log is copied.
 * This class builds scripts; it runs nothing.
 */
final class RemoteLayout {
    static final String BASE = "/var/lib/raftkv-rig";
    static final int HTTP_PORT = 8080;
    static final int RAFT_PORT = 7000;

    private final String base;
    private final String jar;
    /**
     * A shell function: whether pid $1 is a live (not zombie) java process running the rig's jar, so
     * a pid reused by another program is never signalled. The bracket in the pattern keeps it from
     * matching the shell that runs it.
     */
    private final String alive;

    private final String runDir;

    RemoteLayout(String runId) {
        this(BASE, runId);
    }

    /** @param base the folder for the jar and the runs (an absolute path without spaces or quotes) */
    RemoteLayout(String base, String runId) {
        if (!runId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("run id '" + runId + "' must be letters, digits, '.', '_' or '-'");
        }
        if (!base.matches("/[A-Za-z0-9._/-]*")) {
            throw new IllegalArgumentException("base '" + base + "' must be an absolute path of plain characters");
        }
        this.base = base;
        this.jar = base + "/raftkv-server.jar";
        this.runDir = base + "/runs/" + runId;
        this.alive = "alive() { [ -n \"$1\" ] && [ -r /proc/$1/stat ] && ! grep -q ') [ZX] ' /proc/$1/stat"
                + " && tr '\\0' ' ' < /proc/$1/cmdline | grep -q \"^[^ ]*java .*-ja[r] " + jar + "\"; }; ";
    }

    String runDir() {
        return runDir;
    }

    String dataDir() {
        return runDir + "/data";
    }

    String log() {
        return runDir + "/server.log";
    }

    /** The run's cluster secret, given to the server with --cluster-secret-file. */
    String secretFile() {
        return runDir + "/cluster-secret";
    }

    /** Receives the cluster secret on stdin, readable by its owner only. */
    String receiveSecret() {
        return "mkdir -p " + runDir + " && umask 077 && cat > " + secretFile();
    }

    String pidFile() {
        return runDir + "/server.pid";
    }

    /** Prints the sha256 of the jar on the node, or nothing when there is none. */
    String jarChecksum() {
        return "sha256sum " + jar + " 2>/dev/null | cut -d ' ' -f 1; true";
    }

    /** Receives the jar on stdin and moves it into place whole. */
    String receiveJar() {
        return "mkdir -p " + base + " && cat > " + jar + ".part && mv -f " + jar + ".part " + jar;
    }

    /** Lists the pids of the servers of the rig's jar running on this node, one a line. */
    String leftoverServers() {
        return alive + "for d in /proc/[0-9]*; do p=${d#/proc/}; if alive \"$p\"; then echo \"$p\"; fi; done; true";
    }

    /** Kills every server of the rig's jar and removes the folders of earlier runs. */
    String removeLeftovers() {
        return alive + "for d in /proc/[0-9]*; do p=${d#/proc/}; if alive \"$p\"; then kill -CONT \"$p\";"
                + " kill -9 \"$p\"; fi; done; rm -rf " + base + "/runs";
    }

    /**
     * Starts the server in the background, in a session of its own so that it outlives the SSH
     * channel, appending to the run's log; writes its pid. Returns at once.
     *
     * @param java the java executable on the node
     * @param serverArgs the server's flags (id, addresses, peers, data and any extra)
     */
    String start(String java, List<String> serverArgs) {
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.addAll(RaftkvSystem.RUN_JVM_FLAGS);
        cmd.addAll(List.of("-jar", jar));
        cmd.addAll(serverArgs);
        // Only the server goes to the background: a background list would hold the channel open.
        return "mkdir -p " + dataDir() + " && cd " + runDir + " || exit 1; nohup setsid " + Shell.command(cmd) + " >>"
                + log() + " 2>&1 </dev/null & echo $! > " + pidFile();
    }

    /**
     * Sends a signal to the run's server if it is alive; KILL also waits until it is gone (10 s). Like
     * {@link #stop()}, a subshell: it can be followed by other commands in one script.
     */
    String signal(String signal) {
        String send =
                alive + "p=$(cat " + pidFile() + " 2>/dev/null); alive \"$p\" || exit 0; kill -" + signal + " \"$p\"";
        if (!signal.equals("KILL")) {
            return "(" + send + ")";
        }
        return "(" + send + "; i=0; while alive \"$p\"; do i=$((i+1)); [ $i -gt 200 ] && { echo \"pid $p survived"
                + " SIGKILL for 10 s\" >&2; exit 1; }; sleep 0.05; done)";
    }

    /** Exits 0 when the run's server is alive (paused counts), 1 when not. */
    String running() {
        return alive + "alive \"$(cat " + pidFile() + " 2>/dev/null)\"";
    }

    /** Thaws and stops the server: SIGTERM, then SIGKILL after 5 s; then waits until it is gone. */
    String stop() {
        return "(" + alive + "p=$(cat " + pidFile() + " 2>/dev/null); alive \"$p\" || exit 0; kill -CONT \"$p\";"
                + " kill -TERM \"$p\"; i=0; while alive \"$p\"; do i=$((i+1));"
                + " if [ $i -eq 100 ]; then kill -9 \"$p\"; fi; [ $i -gt 300 ] && exit 1; sleep 0.05; done)";
    }

    /** A listing of the run's data directory: sizes, times and names, recursively. */
    String dataListing() {
        return "cd " + dataDir() + " 2>/dev/null && ls -laR --time-style=full-iso . ; true";
    }

    /** Removes the run's folder on the node (the jar stays for the next run). */
    String removeRunDir() {
        return "rm -rf " + runDir;
    }
}
