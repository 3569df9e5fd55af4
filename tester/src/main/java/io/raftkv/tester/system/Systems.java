package io.raftkv.tester.system;

import java.nio.file.Path;
import java.util.List;

/** The systems by their {@code --system} names. */
public final class Systems {
    public static final List<String> NAMES = List.of("raftkv", "etcd");

    private Systems() {}

    /**
     * The system named {@code name}; etcd's binary is plain {@code etcd} (on the PATH, or in its
     * image) until a backend finds the real one.
     *
     * @param etcdSerializable etcd's reads are serializable; only with etcd
     * @throws IllegalArgumentException naming the unknown system, or --etcd-serializable without etcd
     */
    public static SystemUnderTest named(String name, boolean etcdSerializable) {
        if (etcdSerializable && !"etcd".equals(name)) {
            throw new IllegalArgumentException("--etcd-serializable needs --system etcd, got --system " + name);
        }
        return switch (name == null ? "" : name) {
            case "raftkv" -> RaftkvSystem.INSTANCE;
            case "etcd" -> new EtcdSystem(Path.of("etcd"), etcdSerializable);
            default ->
                throw new IllegalArgumentException(
                        "unknown --system '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
