package io.raftkv.tester.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cluster secret of one rig cluster: 32 random bytes, hex-encoded, fresh for every cluster, which
 * each raftkv node is given with {@code --cluster-secret-file} so that its peers authenticate.
 */
public final class ClusterSecretFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterSecretFile() {}

    /** A fresh secret, as the file's contents. */
    public static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes) + "\n";
    }

    /** Writes a fresh secret to {@code file}, readable by its owner only where the file system allows. */
    public static Path write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, fresh(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster secret " + file, e);
        }
    }
}
