package io.raftkv.server.storage;

import io.raftkv.server.storage.FileOpRecorder.FileOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The file system as a crash leaves it, after ALICE and CrashMonkey: replays recorded steps and, at
 * any point, lists the states a power loss there could leave. What was forced is there: a file's
 * bytes as of its last force, a directory's names as of its last force. What was not may or may not
 * be: of each file's unforced changes, and of each directory's unforced names, any prefix in order
 * is kept, independently of every other file's, and the last write may also be torn, keeping a
 * page-aligned prefix of it. (Write-back that keeps a later change to a file but loses an earlier
 * one is not modelled.) The root directory itself is taken as durable; its names are tracked like any other.
 */
public final class CrashStates {
    static final int PAGE = 4096;
    private static final long MAX_COMBINATIONS = 100_000;

    /** A state: relative path to contents, null for a directory. */
    public record State(TreeMap<String, byte[]> files) {
        /** Creates the state under {@code dir}, which must exist and be empty. */
        public void materialize(Path dir) throws IOException {
            for (var f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                if (f.getValue() == null) {
                    Files.createDirectories(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue());
                }
            }
        }

        /** A key equal for equal states, to explore each distinct state once. */
        public String key() {
            StringBuilder b = new StringBuilder();
            files.forEach((name, data) -> b.append(name)
                    .append(':')
                    .append(data == null ? "dir" : data.length + "/" + Arrays.hashCode(data))
                    .append(';'));
            return b.toString();
        }
    }

    private abstract static sealed class Node permits Dir, Inode {}

    private static final class Dir extends Node {
        Map<String, Node> durable = new HashMap<>();
        Map<String, Node> now = new HashMap<>();
        final List<Consumer<Map<String, Node>>> pending = new ArrayList<>();
    }

    private static final class Inode extends Node {
        byte[] durable = new byte[0];
        byte[] now = new byte[0];
        final List<UnaryOperator<byte[]>> pending = new ArrayList<>();
    }

    private final Dir root = new Dir();
    private FileOp last;

    /** Applies one recorded step. */
    public void apply(FileOp op) {
        last = op;
        Dir parent = dirOf(op.path().getParent());
        String name = op.path().getFileName().toString();
        switch (op.step()) {
            case "MKDIR" -> {
                Dir d = new Dir();
                change(parent, m -> m.put(name, d));
            }
            case "CREATE" -> {
                if (parent.now.get(name) instanceof Inode existing) {
                    change(existing, b -> new byte[0]);
                } else {
                    Inode f = new Inode();
                    change(parent, m -> m.put(name, f));
                }
            }
            case "WRITE" -> change(file(parent, name, op), b -> write(b, op.position(), op.data(), op.data().length));
            case "TRUNCATE" -> change(file(parent, name, op), b -> Arrays.copyOf(b, (int) op.position()));
            case "FORCE" -> {
                Node n = op.path().toString().isEmpty() ? root : parent.now.get(name);
                if (n instanceof Dir d) {
                    d.durable = new HashMap<>(d.now);
                    d.pending.clear();
                } else if (n instanceof Inode f) {
                    f.durable = f.now;
                    f.pending.clear();
                } else {
                    throw new IllegalStateException("force of a missing " + op.path());
                }
            }
            case "RENAME" -> {
                String from = op.source().getFileName().toString();
                if (!op.source().getParent().equals(op.path().getParent())) {
                    throw new IllegalStateException("rename across directories: " + op);
                }
                change(parent, m -> {
                    Node n = m.remove(from);
                    if (n != null) {
                        m.put(name, n);
                    }
                });
            }
            case "DELETE" -> change(parent, m -> m.remove(name));
            default -> throw new IllegalStateException("unknown step " + op);
        }
    }

    private Dir dirOf(Path path) {
        Dir d = root;
        if (path == null) {
            return d;
        }
        for (Path part : path) {
            if (!(d.now.get(part.toString()) instanceof Dir next)) {
                throw new IllegalStateException("no directory " + path);
            }
            d = next;
        }
        return d;
    }

    private static Inode file(Dir parent, String name, FileOp op) {
        if (parent.now.get(name) instanceof Inode f) {
            return f;
        }
        throw new IllegalStateException("no file for " + op);
    }

    private static void change(Dir d, Consumer<Map<String, Node>> c) {
        c.accept(d.now);
        d.pending.add(c);
    }

    private static void change(Inode f, UnaryOperator<byte[]> c) {
        f.now = c.apply(f.now);
        f.pending.add(c);
    }

    private static byte[] write(byte[] b, long position, byte[] data, int length) {
        byte[] out = Arrays.copyOf(b, (int) Math.max(b.length, position + length));
        System.arraycopy(data, 0, out, (int) position, length);
        return out;
    }

    /**
     * The states a crash right now could leave: for each file and each directory with unforced
     * changes, any prefix of those changes (none, some in order, all), combined every way; and the
     * last step, if a write spanning pages, torn at each page boundary inside it.
     */
    public List<State> crashStates() {
        List<Node> units = new ArrayList<>();
        collectPending(root, units, new IdentityHashMap<>());
        List<List<Object>> versions = new ArrayList<>();
        long combinations = 1;
        for (Node n : units) {
            List<Object> v = versions(n);
            versions.add(v);
            combinations *= v.size();
        }
        if (combinations > MAX_COMBINATIONS) {
            throw new IllegalStateException(combinations + " combinations of unforced changes: too many");
        }
        Map<String, State> out = new LinkedHashMap<>();
        int[] choice = new int[units.size()];
        for (long c = 0; c < combinations; c++) {
            long rest = c;
            Map<Node, Object> chosen = new IdentityHashMap<>();
            for (int i = 0; i < units.size(); i++) {
                choice[i] = (int) (rest % versions.get(i).size());
                rest /= versions.get(i).size();
                chosen.put(units.get(i), versions.get(i).get(choice[i]));
            }
            add(out, chosen);
        }
        if (last != null && "WRITE".equals(last.step())) {
            Inode torn = file(
                    dirOf(last.path().getParent()), last.path().getFileName().toString(), last);
            long end = last.position() + last.data().length;
            for (long b = (last.position() / PAGE + 1) * PAGE; b < end; b += PAGE) {
                byte[] before = torn.durable;
                for (UnaryOperator<byte[]> c : torn.pending.subList(0, torn.pending.size() - 1)) {
                    before = c.apply(before);
                }
                Map<Node, Object> chosen = new IdentityHashMap<>();
                for (Node n : units) {
                    chosen.put(n, now(n));
                }
                chosen.put(torn, write(before, last.position(), last.data(), (int) (b - last.position())));
                add(out, chosen);
            }
        }
        return List.copyOf(out.values());
    }

    /** A unit's durable state followed by the state after each of its unforced changes, in order. */
    private static List<Object> versions(Node n) {
        List<Object> out = new ArrayList<>();
        if (n instanceof Dir d) {
            Map<String, Node> m = new HashMap<>(d.durable);
            out.add(new HashMap<>(m));
            for (Consumer<Map<String, Node>> c : d.pending) {
                c.accept(m);
                out.add(new HashMap<>(m));
            }
        } else {
            Inode f = (Inode) n;
            byte[] b = f.durable;
            out.add(b);
            for (UnaryOperator<byte[]> c : f.pending) {
                b = c.apply(b);
                out.add(b);
            }
        }
        return out;
    }

    private static void collectPending(Dir d, List<Node> units, Map<Node, Boolean> seen) {
        if (seen.put(d, true) != null) {
            return;
        }
        if (!d.pending.isEmpty()) {
            units.add(d);
        }
        for (Map<String, Node> m : List.of(d.durable, d.now)) {
            for (Node n : m.values()) {
                if (n instanceof Dir sub) {
                    collectPending(sub, units, seen);
                } else if (n instanceof Inode f && !f.pending.isEmpty() && seen.put(f, true) == null) {
                    units.add(f);
                }
            }
        }
    }

    private static Object now(Node n) {
        return n instanceof Dir d ? d.now : ((Inode) n).now;
    }

    private void add(Map<String, State> out, Map<Node, Object> chosen) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        walk(root, "", chosen, files);
        State s = new State(files);
        out.putIfAbsent(s.key(), s);
    }

    @SuppressWarnings("unchecked")
    private static void walk(Dir d, String prefix, Map<Node, Object> chosen, TreeMap<String, byte[]> files) {
        Map<String, Node> entries = (Map<String, Node>) chosen.getOrDefault(d, d.now);
        for (var e : entries.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof Dir sub) {
                files.put(path, null);
                walk(sub, path + "/", chosen, files);
            } else {
                Inode f = (Inode) e.getValue();
                files.put(path, (byte[]) chosen.getOrDefault(f, f.now));
            }
        }
    }
}
