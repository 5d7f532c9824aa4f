#!/usr/bin/env bash
# Runs the scheduler's JMH benchmarks and the compression report (from the repository root).
#   scheduler/bench/jmh.sh                      # all benchmarks, default (short) settings
#   scheduler/bench/jmh.sh TickBenchmark -p perRoom=25
# Results: scheduler/target/jmh-result.json (JMH -rf json), compression.json and tick-cpu.json there too.
set -euo pipefail
cd "$(dirname "$0")/../.."
args="${*:-}"
if [ -n "$args" ]; then
  ./mvnw -B -q -pl scheduler test-compile exec:exec@jmh "-Djmh.args=$args -f 1 -wi 3 -w 2s -i 5 -r 2s"
else
  ./mvnw -B -q -pl scheduler test-compile exec:exec@jmh
fi
./mvnw -B -q -pl scheduler exec:exec@compression
./mvnw -B -q -pl scheduler exec:exec@tickcpu
