#!/usr/bin/env bash
# Side-by-side fan-out benchmark (not a timed test): the Roomcast connector against nats-server, Mosquitto
# (MQTT QoS 0) and the naive Vert.x loop, one after the other, from ONE load process. One command:
#   connector/bench/peers.sh [--connections N] [--blocks-per-sec 1,10] [--seconds S] [--json FILE]
#                            [--warmup-seconds W] [--warmup-min-blocks 30] [--prewarm-blocks 300] [--targets connector,connector-epoll,nats,mqtt,naive]
#                            [--repeats 3] [--jvm-flags "-Xms256m -Xmx1g -XX:+UseParallelGC"]
# Every target gets the same N subscribers (4 source addresses, 127.0.0.1-4), the same frames (20 chat
# messages as room-service encodes them: zstd + dictionary) at the same rates from a separate publisher
# connection, and is its own process started here on its own ports (nats 24222, mqtt 21883, connector and
# naive 28081/28090/28091; the system nats-server on 4222 is not used). Reported per target: msgs per
# server CPU-second (/proc/<pid>/stat), publish-to-receipt p50/p99, delivered/expected, heap (JVM targets,
# after jcmd GC.run) and RSS per connection, load average; and the connector's ratios over the others.
# Open files are capped at 20,000 per process here: keep N below ~19,000.
set -euo pipefail
cd "$(dirname "$0")/../.."

JSON=connector/bench/peers-latest.json
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --json) JSON=$2; shift 2 ;;
    --connections|--blocks-per-sec|--seconds|--warmup-seconds|--warmup-min-blocks|--prewarm-blocks|--targets|--sources|--jvm-flags|--repeats) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for bin in /usr/sbin/nats-server /usr/sbin/mosquitto; do
  command -v "$bin" > /dev/null || { echo "missing $bin" >&2; exit 2; }
done
APP=connector/target/quarkus-app/quarkus-run.jar
CLASSPATH_FILE=connector/target/bench.classpath
if [ ! -f "$APP" ] || [ ! -f "$CLASSPATH_FILE" ] \
    || [ ! -f connector/target/test-classes/dev/roomcast/connector/bench/PeersBench.class ]; then
  # The load process needs the test class path too (the scheduler's block codec, zstd-jni).
  ./mvnw -B -o -q -pl connector -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
ulimit -n "$(ulimit -Hn)"

CP="connector/target/test-classes:connector/target/classes:$(cat "$CLASSPATH_FILE")"
java -Xmx1g -cp "$CP" dev.roomcast.connector.bench.PeersBench --app "$APP" --log-dir connector/target \
  --json "$JSON" ${ARGS[@]+"${ARGS[@]}"}
echo "server logs: connector/target/peers-*.log; report: $JSON"
