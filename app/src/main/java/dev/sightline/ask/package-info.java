/**
 * Questions in plain language: a planner turns a question and the allowed tool catalog into an
 * {@link dev.sightline.ask.AnalysisPlan}; one executor runs every tool call (policy, time limit,
 * a bulkhead and circuit breaker per data source, single-flight cache, retries, audit); the
 * answer comes with numbers, a chart, the table and the steps that produced it, or, when the
 * data could not be read, says why in the source's own words.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Ask")
package dev.sightline.ask;
