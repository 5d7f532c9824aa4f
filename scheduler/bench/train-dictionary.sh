#!/usr/bin/env bash
# Rebuilds scheduler/src/main/resources/dev/roomcast/scheduler/roomcast-blocks.zdict from SampleTraffic.
# Usage (from the repository root): scheduler/bench/train-dictionary.sh [out-file] [dict-size-bytes]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl scheduler test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
java -cp "scheduler/target/test-classes:scheduler/target/classes:$(cat scheduler/target/cp.txt)" \
  dev.roomcast.scheduler.TrainDictionary "$@"
