#!/usr/bin/env bash
# Submits the job to a running Flink 2.2 cluster. Run from the repository root after
# `mvn -B package -DskipTests`; FLINK_HOME points at the Flink distribution.
# The configuration and topology files must be readable where the client runs: the job
# reads them at submission and ships their contents with the job graph.
set -euo pipefail
: "${FLINK_HOME:?set FLINK_HOME to the Flink 2.2 installation}"
exec "$FLINK_HOME/bin/flink" run --detached \
  job/target/resilient-mtl-job-0.1.0-SNAPSHOT-flink.jar \
  run --config "${1:-conf/job.yaml}"
