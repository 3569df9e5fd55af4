/**
 * The run report: one self-contained HTML page per history ({@link
 * io.raftkv.tester.report.HtmlReport}).
 *
 * <p>The page carries its styles, its script and its data inline and fetches nothing. The data is
 * one JSON document (see {@code ReportData}): operations as parallel arrays so that a 100k-op
 * history stays a few megabytes, nemesis faults as intervals, and the check results as the checkers
 * returned them. The script draws the timeline and the latency plot into canvases and builds the
 * explanation with {@code textContent} only, so no history text is ever parsed as markup.
 *
 * <p>Nemesis ops ({@code process = NEMESIS}) named {@code start-X} and {@code stop-X} delimit a band
 * of fault X ({@code partition}, {@code kill}, {@code pause}, or any other name); the band is
 * labelled with the start op's value (its completion's value, when it has one), e.g. the grudge of a
 * partition or the nodes killed. Other nemesis ops are drawn as instants.
 *
 * <p>A linearizability result is explained from its details {@code failingOp} (history index of the
 * invoke), {@code linearizedPrefix} (invoke indexes in linearization order), {@code states} and
 * {@code model}; a graph result from {@code anomalies} and {@code counts}.
 */
package io.raftkv.tester.report;
