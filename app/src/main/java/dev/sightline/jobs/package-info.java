/**
 * Scheduled jobs that run once across every app node: a module declares a
 * {@link dev.sightline.jobs.ScheduledJob} bean, and whichever node claims a due job in the
 * database runs it; the others skip it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduled jobs")
package dev.sightline.jobs;
