/**
 * Durable Raft state on local files, and the format of those files.
 *
 * <h2>Directory</h2>
 *
 * <pre>
 * DATA/LOCK                        held with an exclusive file lock while a process uses DATA
 * DATA/hardstate                   term, vote and commit (two slots, below)
 * DATA/00000000000000000001.wal    log segments, named by the index of their first record
 * DATA/00000000000000052817.wal
 * DATA/*.tmp                       a file being created; removed on recovery
 * SNAPDIR/IIIIIIIIIIIIIIIIIIII-TTTTTTTTTTTTTTTTTTTT.snap   snapshots by last included index and term
 * </pre>
 *
 * <p>All integers are big-endian. CRCs are CRC32C.
 *
 * <h2>Log segments</h2>
 *
 * <pre>
 * header (20 bytes): magic "RKVW" (int 0x524B5657), version int = 1, firstIndex long, crc int (of the 16 bytes before)
 * record:            length int, crc int, payload[length]
 * payload:           term long, index long, type byte (1 NORMAL, 2 NOOP), data (length - 17 bytes)
 * </pre>
 *
 * The record CRC covers the length field and the payload. Records of a segment have consecutive
 * indexes starting at firstIndex, and terms never decrease. A segment is sealed once the next record
 * would take it past the configured size (64 MiB by default) and the next one is started.
 *
 * <h2>Hard state</h2>
 *
 * <pre>
 * two slots of 512 bytes at offsets 0 and 512, each:
 *   magic "RKVH" (int), seq long, term long, commit long, voteLength short (-1 = no vote), vote UTF-8 bytes, crc int
 * </pre>
 *
 * The valid slot with the highest seq holds the current state. A write goes to the slot that does not
 * hold the last forced state, so a torn write can only damage the slot being written and the other
 * one still holds a complete, durable state: the write is atomic with a single fsync. Hard state lives
 * beside the log rather than in it because the log's tail is physically truncated when a suffix is
 * replaced (§5.3), which must never take a vote with it.
 *
 * <h2>Snapshots</h2>
 *
 * <pre>
 * header (36 bytes): magic "RKVS" (int 0x524B5653), version int = 1, index long, term long,
 *                    size long, crc int (of the 32 bytes before)
 * data:              size bytes (the state machine's encoding)
 * trailer:           crc int of the data
 * </pre>
 *
 * A snapshot is written to a {@code .tmp} file, forced, renamed and the directory forced, so a
 * visible snapshot is complete; the newest few are kept. Once a snapshot is durable the log may be
 * compacted: whole segments that hold only entries the snapshot covers are deleted, oldest first,
 * each deletion forced before the next, so a crash leaves a suffix of the log. The log then starts
 * after index 1, and a reset (after installing a leader's snapshot) restarts it empty at a chosen
 * index: a segment holding no record still names, by its first index, where the log continues.
 *
 * <h2>Durability</h2>
 *
 * <ul>
 *   <li>{@code persist(hardState, entries)} first writes and forces a changed term or vote (with the
 *       commit hint capped at the durable entries before the call's first entry, since those from
 *       it on may be about to be replaced), so a vote is kept whatever happens next and the log never
 *       holds a term above the stored one. It then writes all entries of the call
 *       and forces the segment once: group commit, one fsync for everything the node gathered into
 *       one batch. Last it writes the new commit hint without a force (commit is a hint: Figure 2
 *       keeps commitIndex volatile); it survives a process crash, and never points past the durable
 *       log.
 *   <li>Files are created whole (write to {@code .tmp}, fsync, rename, fsync the directory). A new
 *       directory is made durable in its parent.
 *   <li>A segment is forced before its successor is created, so only the last segment can end in a
 *       torn write.
 *   <li>Replacing a suffix deletes later segments newest first, fsyncing the directory after each,
 *       then truncates and forces the segment holding the first replaced index, before writing the
 *       new entries. A crash at any point leaves a prefix of the old log.
 *   <li>Recovery forces the last segment and the hard state file, because what it read may have
 *       lived only in the page cache of a process that crashed before its fsync.
 * </ul>
 *
 * <h2>Recovery</h2>
 *
 * Recovery first reads and judges everything, changing no file; only a state that a crash can
 * produce is then repaired. Segments are read in order of first index. In the last segment, the
 * first record that is incomplete, fails its CRC, breaks index continuity or lowers the term ends
 * the log, provided no valid record follows it: it and all bytes after it are the remains of a write
 * that was never forced, hence never acknowledged, and are truncated with a warning naming the file,
 * offset and reason. A crash only cuts the end of the last write short, so a valid record after the
 * bad one means damage to durable data; that, the same damage in any earlier segment, a bad segment
 * header, a gap between segments, a missing hard state file beside segments, no valid hard state
 * slot, or a commit index beyond both the log and the latest snapshot raises {@link
 * io.raftkv.server.storage.CorruptLogException} with the file and offset, and the files stay as they
 * were: that data was durable, and losing it silently could lose acknowledged writes. (Damage to the
 * very last record cannot be told from a torn write, and is truncated like one.)
 *
 * <p>A damaged snapshot is skipped, with a warning, for the next older one kept; the log is only
 * compacted up to the oldest snapshot kept, so the older one still connects to it.
 *
 * <p>The crash safety of all this is checked by a test that records every file step of the storage
 * (through {@code DurableFiles}' probe) and recovers each state a crash after any prefix of them can
 * leave.
 *
 * <h2>Unsafe mode</h2>
 *
 * {@link io.raftkv.server.storage.StorageOptions#fsync()} false (the server's {@code
 * --unsafe-no-fsync}) skips every force. Data then survives a process crash but not a machine crash
 * or power loss, which can make a node forget votes and acknowledged entries. Tests and benchmarks
 * only; off by default.
 */
package io.raftkv.server.storage;
