#!/usr/bin/env bash
# A real Redis Cluster on localhost for tests and local runs, started the way a user would:
# redis-server --cluster-enabled yes per node, then redis-cli --cluster create.
#   devstack/redis-cluster.sh start DIR   3 masters on 7001-7003 and 3 replicas on 7004-7006, data in DIR
#   devstack/redis-cluster.sh stop DIR    shuts down the nodes whose data is in DIR
#   devstack/redis-cluster.sh hosts       prints the seed list for QUARKUS_REDIS_HOSTS / ROOMCAST_TEST_REDIS_CLUSTER
# ROOMCAST_CLUSTER_REPLICAS=0 starts the 3 masters only. An already running, healthy cluster on these
# ports is left as it is (start is idempotent). cluster-node-timeout is 2 s so that a replica takes
# over a stopped master within seconds (the failover test measures it).
set -euo pipefail

MASTERS=(7001 7002 7003)
REPLICAS=(7004 7005 7006)
NODE_TIMEOUT_MS="${ROOMCAST_CLUSTER_NODE_TIMEOUT_MS:-2000}"

hosts() {
  local out=""
  for p in "${MASTERS[@]}"; do out="${out:+$out,}redis://127.0.0.1:$p"; done
  echo "$out"
}

ports() {
  if [ "${ROOMCAST_CLUSTER_REPLICAS:-1}" = "0" ]; then echo "${MASTERS[*]}"; else echo "${MASTERS[*]} ${REPLICAS[*]}"; fi
}

healthy() { redis-cli -p "${MASTERS[0]}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }

start_node() {
  local dir=$1 port=$2
  mkdir -p "$dir/$port"
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
    --cluster-config-file "$dir/$port/nodes.conf" --cluster-node-timeout "$NODE_TIMEOUT_MS" \
    --dir "$dir/$port" --save "" --appendonly no --daemonize yes --logfile "$dir/$port/redis.log"
}

start() {
  local dir; dir=$(mkdir -p "$1" && cd "$1" && pwd)
  if healthy; then echo "Redis Cluster already up on ${MASTERS[*]}"; return; fi
  # A half-formed cluster from an earlier run: start over from empty nodes.
  stop "$dir" >/dev/null 2>&1 || true
  rm -rf "${dir:?}"/700?
  for p in $(ports); do start_node "$dir" "$p"; done
  for p in $(ports); do
    for _ in $(seq 1 50); do redis-cli -p "$p" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  done
  local nodes=() replicas=0
  for p in $(ports); do nodes+=("127.0.0.1:$p"); done
  [ "${#nodes[@]}" -gt 3 ] && replicas=1
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas "$replicas" --cluster-yes >"$dir/create.log"
  for _ in $(seq 1 100); do
    if healthy && [ "$replicas" = 0 -o "$(redis-cli -p "${MASTERS[0]}" cluster nodes | grep -c slave)" -ge 3 ]; then
      echo "Redis Cluster up: masters ${MASTERS[*]}$([ "$replicas" = 1 ] && echo ", replicas ${REPLICAS[*]}"), data in $dir"
      return
    fi
    sleep 0.2
  done
  echo "Redis Cluster did not become healthy; see $dir/create.log and $dir/*/redis.log" >&2
  exit 1
}

stop() {
  local dir=$1
  for p in "${MASTERS[@]}" "${REPLICAS[@]}"; do
    # Only nodes whose data lives in DIR: never a server somebody else started on these ports.
    if [ -n "$dir" ] && redis-cli -p "$p" config get dir 2>/dev/null | grep -qx "$(cd "$dir" 2>/dev/null && pwd)/$p"; then
      redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
    fi
  done
}

case "${1:-}" in
  start) start "${2:?data directory}" ;;
  stop) stop "${2:?data directory}" ;;
  hosts) hosts ;;
  *) echo "usage: devstack/redis-cluster.sh start DIR | stop DIR | hosts" >&2; exit 2 ;;
esac
