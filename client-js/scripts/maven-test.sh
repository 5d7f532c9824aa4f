#!/usr/bin/env bash
# Run by `./mvnw verify` (client-js/pom.xml, test phase): installs the pinned npm dependencies and runs the
# SDK's unit tests. A machine without Node.js 20+ skips them with the reason printed, so a JDK-only machine
# still builds; ROOMCAST_JS_REQUIRED=1 turns every skip into a failure (for CI that must run them).
set -euo pipefail
cd "${BASH_SOURCE[0]%/*}/.."

skip() {
  echo "[client-js] SKIPPED: $1"
  if [ "${ROOMCAST_JS_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 0
}

command -v node >/dev/null || skip "no node on the PATH (install Node.js 20+ to run the web SDK's tests)"
command -v npm >/dev/null || skip "no npm on the PATH"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "Node.js $(node --version) is older than 20"

# npm ci wipes node_modules; skip it when the installed tree already matches the lock file.
stamp=node_modules/.roomcast-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[client-js] npm ci"
  npm ci --no-audit --no-fund --loglevel=error || skip "npm ci failed (no access to the npm registry?)"
  echo "$want" > "$stamp"
fi

echo "[client-js] npm test (node $(node --version))"
npm test
