package io.raftkv.tester.cluster;

import java.util.Map;

/**
 * The labels on every container, network and volume the Docker backend creates: which run made it
 * and which rig process owns it. A resource whose owner is gone is a leftover ({@link Leftovers});
 * one whose owner still runs belongs to a run in progress and is left alone.
 */
public final class DockerLabels {
    /** Present on everything the rig creates. */
    public static final String RIG = "io.raftkv.rig";
    /** The run's folder name. */
    public static final String RUN = "io.raftkv.rig.run";
    /** The owning rig process as a {@link ProcessStamp}. */
    public static final String OWNER = "io.raftkv.rig.owner";

    private DockerLabels() {}

    static Map<String, String> of(String run, ProcessStamp owner) {
        return Map.of(RIG, "run", RUN, run, OWNER, owner.toString());
    }
}
