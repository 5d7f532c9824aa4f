#!/usr/bin/env bash
# Membership load run: starts the packaged room-service against the local Redis, then a separate
# load process that drives Join + Leave through the real gRPC API at a target rate.
#   room-service/bench/membership.sh --seconds 30 --json out.json [--rate 20000] [--port 27182] [--redis-db 1] [--batch N] [--build]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
seconds=30; json="$module/target/membership-bench.json"; rate=20000; port=27182; db=1; build=0; batch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2;;
    --json) json="$2"; shift 2;;
    --rate) rate="$2"; shift 2;;
    --port) port="$2"; shift 2;;
    --redis-db) db="$2"; shift 2;;
    --batch) batch="$2"; shift 2;;
    --build) build=1; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
app="$module/target/quarkus-app"
if [ "$build" = 1 ] || [ ! -f "$app/quarkus-run.jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl room-service package -DskipTests)
fi
classes="$module/target/bench-classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$app/lib/main/*" "$here/MembershipLoad.java"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is already in use: pick another with --port" >&2; exit 1
fi
# The packaged service runs in the prod profile, which refuses the development secret.
secret="${ROOMCAST_ROOM_TOKEN_SECRETS:-roomcast-bench-secret-0123456789abcdef-0123456789}"
secret="${secret%%,*}"
service_secret="${ROOMCAST_ROOM_SERVICE_TOKEN_SECRETS:-roomcast-bench-service-secret-0123456789abcdef-01}"
service_secret="${service_secret%%,*}"
log="$module/target/membership-bench-service.log"
java -Xmx512m -Dquarkus.http.port="$port" -Droomcast.room.instance-id="bench-room-$$" \
  -Droomcast.room.advertised-grpc-address="localhost:$port" -Droomcast.room.token-secrets="$secret" -Droomcast.room.service-token-secrets="$service_secret" -Dquarkus.redis.hosts="redis://localhost:6379/$db" \
  -Dquarkus.log.level=WARN -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
svc=$!
trap 'kill "$svc" 2>/dev/null || true; wait "$svc" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$svc" 2>/dev/null || { echo "room-service exited; see $log" >&2; exit 1; }
  sleep 0.5
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tck=$(getconf CLK_TCK)
c0=$(cpu "$svc"); t0=$(date +%s.%N); load0=$(cut -d' ' -f1 /proc/loadavg)
mkdir -p "$(dirname "$json")"
java -Xmx512m -cp "$classes:$app/lib/main/*" MembershipLoad "127.0.0.1:$port" "$seconds" "$rate" "$service_secret" "$json.load" "$batch"
c1=$(cpu "$svc"); t1=$(date +%s.%N); load1=$(cut -d' ' -f1 /proc/loadavg)
svc_cores=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v hz="$tck" 'BEGIN{printf "%.2f", (b-a)/hz/(t1-t0)}')
ops=$(sed -E 's/.*"totalJoins":([0-9]+),"totalLeaves":([0-9]+).*/\1 \2/' "$json.load" | awk '{print $1 + $2}')
us_per_op=$(awk -v a="$c0" -v b="$c1" -v hz="$tck" -v n="$ops" 'BEGIN{printf "%.0f", (n > 0 ? (b-a)/hz*1e6/n : 0)}')
metrics=$(curl -fs "http://localhost:$port/q/metrics" || true)
ops_per_call=$(printf '%s\n' "$metrics" | awk '/^roomcast_membership_ops_per_call_count/{c=$2} /^roomcast_membership_ops_per_call_sum/{s=$2} END{printf "%.1f", (c > 0 ? s/c : 0)}')
redis_ops=$(redis-cli -n "$db" info stats | awk -F: '/instantaneous_ops_per_sec/{gsub("\r","");print $2}')
# Merge the service's CPU use into the load process's JSON.
sed -e "s/}\s*$/,\"serviceCpuCores\":$svc_cores,\"serviceCpuMicrosPerOp\":$us_per_op,\"meanOpsPerRedisCall\":$ops_per_call,\"loadAverage1mBeforeAfter\":[$load0,$load1],\"machine\":\"$(nproc) cores, $(awk '/MemTotal/{printf "%d GiB", $2/1048576}' /proc/meminfo), shared\"}/" "$json.load" >"$json"
rm -f "$json.load"
cat "$json"
echo "room-service used $svc_cores cores on average during the load (redis instantaneous ops/s at the end: ${redis_ops:-?})" >&2
