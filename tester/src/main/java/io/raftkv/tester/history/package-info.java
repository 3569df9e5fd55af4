/**
 * Histories: the {@link io.raftkv.tester.history.Op} record and the formats it is read from and
 * written to.
 *
 * <h2>JSON Lines (the rig's own format)</h2>
 *
 * One op object per line:
 *
 * <pre>
 * {"index":0,"time":1203411,"process":3,"type":"invoke","f":"cas","key":"k7","value":[1,2]}
 * {"index":1,"time":2911030,"process":3,"type":"ok","f":"cas","key":"k7","value":[1,2]}
 * {"index":9,"time":5001200,"process":"nemesis","type":"info","f":"start-partition","value":{"n1":["n2","n3"]}}
 * </pre>
 *
 * {@code time} is nanoseconds since the test started; {@code type} is invoke, ok, fail or info;
 * {@code key} is present for multi-key workloads; {@code error} says why an op failed or is
 * indeterminate. A process that got {@code info} never invokes again.
 *
 * <h2>Read only</h2>
 *
 * <ul>
 *   <li>Jepsen EDN ({@code history.edn}): op maps one per line or in one vector; {@code
 *       [key value]} tuples of independent-key tests are split into key and value. The
 *       mit-kv form ({@code {:process 0, :type :ok, :f :get, :key "5", :value ""}}) is the same
 *       reader. The rig also writes this form ({@link io.raftkv.tester.history.EdnHistory#write}).
 *   <li>Jepsen text logs ({@code INFO jepsen.util - 2 :invoke :cas [3 0]}).
 * </ul>
 *
 * {@link io.raftkv.tester.history.HistoryFormat#detect} guesses the format from the first line.
 * A history is put in {@code index} order when the file gives any index, else in {@code time}
 * order when every op has a time, else kept in file order ({@link
 * io.raftkv.tester.history.ParsedHistory}, which also keeps each op's line for messages).
 * Every reader reports a malformed line as a {@link
 * io.raftkv.tester.history.HistoryParseException} naming the file, the line and the problem.
 */
package io.raftkv.tester.history;
