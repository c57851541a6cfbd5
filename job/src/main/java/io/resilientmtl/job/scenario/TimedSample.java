package io.resilientmtl.job.scenario;

import io.resilientmtl.learning.model.Sample;

/**
 * A sample of one agent at one event time.
 *
 * @param agentId the agent that observed it
 * @param timestamp event time in milliseconds since the Unix epoch
 * @param sample features and targets
 */
public record TimedSample(String agentId, long timestamp, Sample sample) {}
