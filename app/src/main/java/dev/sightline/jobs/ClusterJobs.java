package dev.sightline.jobs;

import java.util.List;

/** The installation's scheduled jobs. */
public interface ClusterJobs {

    /**
     * Runs the job now if it is due and this node claims it first; false when it is not due or
     * another node has it. Every node calls this on its own schedule; the database decides.
     */
    boolean runIfDue(String name);

    /** The names of the jobs declared. */
    List<String> names();
}
