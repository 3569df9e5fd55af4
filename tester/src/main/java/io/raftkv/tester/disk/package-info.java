/**
 * The disk-fault file system: a FUSE passthrough (jnr-fuse over libfuse 2) that serves a backing
 * directory at a mount point and remembers everything not yet made durable, so that a power loss
 * can be played back on it, as LazyFS does.
 *
 * <h2>What is durable</h2>
 *
 * <ul>
 *   <li>A file's content and size: as of its last {@code fsync} (or {@code fdatasync}). Every
 *       write and truncation since is kept as the fsynced bytes of the pages it changed
 *       ({@link io.raftkv.tester.disk.FileImage}, 4 KiB pages).
 *   <li>Names (create, mkdir, unlink, rmdir, rename): an fsync of a directory makes durable every
 *       name change up to the last one that touched that directory, as an ordered metadata journal
 *       would. An fsync of a file does not make its name durable. A removed or replaced name is
 *       moved into a hidden stash ({@code .diskfs-unsynced} in the backing directory, never served)
 *       until its removal is durable.
 *   <li>Restarting the file system makes everything in the backing directory durable.
 * </ul>
 *
 * <h2>Faults</h2>
 *
 * <ul>
 *   <li>{@code lose-unfsynced}: a power loss. Every file goes back to its fsynced content and size,
 *       and every name change not yet durable is undone, newest first.
 *   <li>{@code torn [SEED]}: a power loss while the disk was writing back. For each changed file, a
 *       random number of its changed pages, counted from the lowest, is kept and the rest goes back
 *       to its fsynced content; of the name changes, a random prefix becomes durable and the rest is
 *       undone. Random from SEED, or from the {@code --seed} the file system was started with.
 *   <li>{@code corrupt FILE OFFSET LEN}: flips every bit of LEN bytes at OFFSET of FILE (relative to
 *       the mount) in its fsynced content; refused where the range goes past what was fsynced.
 *       Where those pages were overwritten since, the damage shows after a power loss.
 *   <li>{@code corrupt-random SEED LEN}: as {@code corrupt}, at a place drawn from SEED among the
 *       fsynced content of the served files that reads as it was fsynced (before each file's first
 *       page changed since), so that the damage is seen at once; each such byte is as likely to
 *       start the range. Answers {@code FILE OFFSET LEN}.
 *   <li>{@code repair}: flips back every corruption made since the last repair, where its range
 *       still holds the damaged bytes in the fsynced content of the same file (by inode, so under
 *       any name); says, range by range, what it restored and what it left (the file is gone, the
 *       range is no longer fsynced, or it was rewritten since), so that a repair never damages
 *       data written after the corruption.
 *   <li>{@code fsync-error}: the next fsync (of a file or a directory) fails with EIO and makes
 *       nothing durable; the one after succeeds. {@code fsync-error off} disarms it and says
 *       whether it was still armed.
 *   <li>{@code status}: files with unfsynced changes, pages kept, name changes not durable, and
 *       whether an fsync error is armed.
 * </ul>
 *
 * <h2>Control channel</h2>
 *
 * A Unix socket ({@code --control PATH}): a client connects, writes one command as one line, and
 * reads one line back, {@code ok <what was done>} or {@code error <why>}; then the connection
 * closes. {@link io.raftkv.tester.disk.DiskControl} is the client; {@code DiskFs --control PATH
 * COMMAND} sends one from a shell.
 *
 * <h2>Limits</h2>
 *
 * Regular files and directories only (no hard or symbolic links, devices or extended attributes).
 * The kernel caches no data, attributes or names of the mount (direct I/O, zero timeouts), so
 * what a fault puts back is what the next read sees; memory-mapped files are not supported. Needs
 * /dev/fuse and {@code libfuse.so.2} (see {@code docker/fuse.sh}); as root it mounts through
 * /dev/fuse directly and allows other users in.
 */
package io.raftkv.tester.disk;
