package io.raftkv.tester.cli;

import io.raftkv.tester.cluster.ssh.NodesFile;
import io.raftkv.tester.cluster.ssh.SshTarget;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The ssh backend's options, shared by {@code rig run} and {@code rig cluster}. */
final class SshOptions {

    @Option(
            names = "--nodes-file",
            paramLabel = "FILE",
            description = {
                "--backend ssh: the hosts, one a line: host or host:port (the SSH port); # starts a comment."
                        + " Node n1 runs on the first host, n2 on the second, ..."
            })
    Path nodesFile;

    @Option(
            names = "--ssh-user",
            defaultValue = "root",
            paramLabel = "USER",
            description = "--backend ssh: login user, root or one with password-less sudo (default ${DEFAULT-VALUE})")
    String sshUser;

    @Option(
            names = "--ssh-key",
            paramLabel = "FILE",
            description = "--backend ssh: private key file (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa, those that"
                    + " exist)")
    List<Path> sshKeys;

    @Option(
            names = "--ssh-password",
            paramLabel = "PW",
            description = "--backend ssh: password, tried after the keys (never written to the run folder)")
    String sshPassword;

    @Option(
            names = "--known-hosts",
            paramLabel = "FILE",
            description = {
                "--backend ssh: check host keys against this known_hosts file (default: accept each host's"
                        + " key on first use and record it in the run folder's known_hosts)"
            })
    Path knownHosts;

    @Option(
            names = "--force-clean",
            description = {
                "--backend ssh: remove the iptables chain and servers an earlier run left on a host, instead"
                        + " of refusing to start"
            })
    boolean forceClean;

    /**
     * The hosts of --nodes-file with the credentials; null without --nodes-file.
     *
     * @throws IllegalArgumentException for a bad nodes file, a missing key or known_hosts file, or
     *     --ssh-* options without --nodes-file
     */
    SshTarget target() {
        if (nodesFile == null) {
            if (sshKeys != null || sshPassword != null || knownHosts != null || forceClean) {
                throw new IllegalArgumentException(
                        "--ssh-key, --ssh-password, --known-hosts and --force-clean need --nodes-file");
            }
            return null;
        }
        List<Path> keys = sshKeys != null
                ? sshKeys.stream().map(Path::toAbsolutePath).toList()
                : SshTarget.defaultKeys(Path.of(System.getProperty("user.home")));
        return new SshTarget(
                nodesFile.toAbsolutePath(),
                NodesFile.read(nodesFile),
                sshUser,
                keys,
                sshPassword,
                knownHosts == null ? null : knownHosts.toAbsolutePath(),
                forceClean);
    }
}
