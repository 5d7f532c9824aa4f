#!/usr/bin/env bash
# Connector fan-out benchmark (not a timed test). One command:
#   connector/bench/fanout.sh [--connections N] [--blocks-per-sec 1,10] [--seconds S] [--json FILE] [--target naive]
# --target naive runs the same load against NaiveWsServer (the issue's reference: a bare Vert.x server
# looping writeBinaryMessage over every connection) for a side-by-side ratio on the same machine.
# Starts the packaged connector (its own process), then a separate load process that serves a minimal
# RoomService over gRPC, joins N WebSocket viewers to one room, pushes 20-message blocks through
# ConnectorService.PushBlock at each rate, and reports delivered msgs/s, connector CPU per million
# delivered messages (/proc/<pid>/stat), heap and RSS per connection, and push-to-receipt p50/p99.
# Open files are capped at 20,000 per process here: keep N below ~19,000 (one connector process).
set -euo pipefail
cd "$(dirname "$0")/../.."

CONNECTIONS=15000
RATES=1,10
SECONDS_PER_RUN=20
JSON=connector/bench/fanout-latest.json
TARGET=connector
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --blocks-per-sec) RATES=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --json) JSON=$2; shift 2 ;;
    --target) TARGET=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

APP=connector/target/quarkus-app/quarkus-run.jar
if [ ! -f "$APP" ] || [ ! -f connector/target/test-classes/dev/roomcast/connector/bench/FanoutBench.class ]; then
  ./mvnw -B -q -pl connector package -DskipTests
fi
ulimit -n "$(ulimit -Hn)"

HTTP_PORT=28081 WS_PORT=28090 TCP_PORT=28091 ROOM_PORT=28082
# The packaged connector runs in the prod profile, which refuses the development secret.
SECRET=roomcast-bench-secret-0123456789abcdef-0123456789
SERVICE_SECRET=roomcast-bench-service-secret-0123456789abcdef-01
LOG=connector/target/fanout-$TARGET.log
CP="connector/target/test-classes:connector/target/quarkus-app/lib/main/*"
GRPC_PORT=$HTTP_PORT
if [ "$TARGET" = naive ]; then
  GRPC_PORT=28083
  java -Xms256m -Xmx1g -cp "$CP" dev.roomcast.connector.bench.NaiveWsServer $WS_PORT $HTTP_PORT $GRPC_PORT > "$LOG" 2>&1 &
else
  ROOMCAST_CONNECTOR_HTTP_PORT=$HTTP_PORT ROOMCAST_CONNECTOR_WS_PORT=$WS_PORT ROOMCAST_CONNECTOR_TCP_PORT=$TCP_PORT \
  ROOMCAST_ROOM_GRPC_PORT=$ROOM_PORT ROOMCAST_GIFT_GRPC_PORT=28084 ROOMCAST_CONNECTOR_INSTANCE_ID=bench-connector \
  ROOMCAST_CONNECTOR_MAX_CONNECTIONS_PER_IP=100000 ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS=1000 \
  ROOMCAST_CONNECTOR_TOKEN_SECRETS="$SECRET" ROOMCAST_CONNECTOR_SERVICE_TOKEN_SECRETS="$SERVICE_SECRET" \
    java -Xms256m -Xmx1g -jar "$APP" > "$LOG" 2>&1 &
fi
CONNECTOR_PID=$!
trap 'kill $CONNECTOR_PID 2>/dev/null || true; wait $CONNECTOR_PID 2>/dev/null || true' EXIT

java -Xmx1g -cp "$CP" dev.roomcast.connector.bench.FanoutBench --connector-pid "$CONNECTOR_PID" --connections "$CONNECTIONS" \
  --blocks-per-sec "$RATES" --seconds "$SECONDS_PER_RUN" --http-port $HTTP_PORT --grpc-port $GRPC_PORT --ws-port $WS_PORT \
  --room-port $ROOM_PORT --secret "$SECRET" --service-secret "$SERVICE_SECRET" --json "$JSON"
echo "$TARGET log: $LOG; report: $JSON"
