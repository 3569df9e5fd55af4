package io.raftkv.tester.cluster.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how an SSH cluster logs in: the hosts of a nodes file and the credentials.
 *
 * @param nodesFile where the hosts came from, for test.json and messages
 * @param hosts node n1 is the first host, n2 the second, ...
 * @param user the login user; root, or a user that may run sudo without a password
 * @param keys private key files to offer, in order (none: password only)
 * @param password offered when set; never written to the run folder
 * @param knownHosts host keys to check against (OpenSSH known_hosts format); null accepts each
 *     host's key on first use and records it in the run folder
 * @param forceClean remove the rig's rules and servers left on a node by an earlier run, instead of
 *     refusing to start
 */
public record SshTarget(
        Path nodesFile,
        List<SshHost> hosts,
        String user,
        List<Path> keys,
        String password,
        Path knownHosts,
        boolean forceClean) {

    /** The key files tried when none is given, as OpenSSH tries them. */
    public static final List<String> DEFAULT_KEY_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshTarget {
        hosts = List.copyOf(hosts);
        keys = List.copyOf(keys);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("--nodes-file names no host");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("--ssh-user must not be empty");
        }
        for (var key : keys) {
            if (!Files.isReadable(key)) {
                throw new IllegalArgumentException("--ssh-key " + key + " is not a readable file");
            }
        }
        if (keys.isEmpty() && password == null) {
            throw new IllegalArgumentException("no SSH key found (tried ~/.ssh/"
                    + String.join(", ~/.ssh/", DEFAULT_KEY_NAMES) + "); give --ssh-key FILE or --ssh-password");
        }
        if (knownHosts != null && !Files.isReadable(knownHosts)) {
            throw new IllegalArgumentException("--known-hosts " + knownHosts + " is not a readable file");
        }
    }

    /** The default key files that exist under {@code home}/.ssh, in OpenSSH's order. */
    public static List<Path> defaultKeys(Path home) {
        return DEFAULT_KEY_NAMES.stream()
                .map(name -> home.resolve(".ssh").resolve(name))
                .filter(Files::isReadable)
                .toList();
    }

    /** For test.json: hosts, user, key files and host-key policy; never the password. */
    public Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("nodes_file", String.valueOf(nodesFile));
        out.put("hosts", hosts.stream().map(SshHost::toString).toList());
        out.put("user", user);
        out.put("keys", keys.stream().map(Path::toString).toList());
        out.put("password", password != null);
        out.put("known_hosts", knownHosts == null ? "accept on first use" : knownHosts.toString());
        out.put("force_clean", forceClean);
        return out;
    }

    @Override
    public String toString() {
        return "SshTarget" + describe();
    }
}
