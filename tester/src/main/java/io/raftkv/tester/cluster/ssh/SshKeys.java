package io.raftkv.tester.cluster.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads private key files (OpenSSH or PEM; ed25519, ECDSA, RSA) for login. */
final class SshKeys {
    private SshKeys() {}

    /** @throws IllegalArgumentException naming the file that cannot be read (e.g. one with a passphrase) */
    static List<KeyPair> load(List<Path> files) {
        var keys = new ArrayList<KeyPair>();
        for (var file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                var loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null);
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("SSH key " + file + " cannot be read (" + e.getMessage()
                        + "); keys with a passphrase are not supported: give another with --ssh-key");
            }
        }
        return keys;
    }
}
