package io.raftkv.tester.cluster.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;

/**
 * How the rig checks the hosts it logs in to, in OpenSSH's known_hosts format. Either against a
 * file the user gives (a host missing from it, or with another key, is refused), or trust on first
 * use: every host's key is accepted once and written to the run folder's {@value #RECORD}, and a key
 * that changes during the run is refused.
 */
public final class HostKeys {
    /** The file in the run folder that records the keys accepted on first use. */
    public static final String RECORD = "known_hosts";

    private HostKeys() {}

    /** Accepts only the hosts and keys listed in {@code knownHosts}. */
    public static ServerKeyVerifier checkedAgainst(Path knownHosts) {
        return new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts);
    }

    /** Accepts each host's first key and appends it to {@code record}; refuses a different key later. */
    public static ServerKeyVerifier acceptFirstUse(Path record) {
        try {
            Files.createDirectories(record.toAbsolutePath().getParent());
            if (!Files.exists(record)) {
                Files.createFile(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + record, e);
        }
        return new KnownHostsServerKeyVerifier((session, address, key) -> true, record);
    }
}
