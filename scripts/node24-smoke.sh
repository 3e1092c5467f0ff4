#!/usr/bin/env bash
# Runs the committed bundles under Node 24 (the action's runtime on GitHub), using the npm
# registry's `node@24` package so no other download is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.tmp/node24
if [ ! -x "$dir/node_modules/node/bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund node@24 >/dev/null
fi
NODE24="$dir/node_modules/node/bin/node"
echo "Node 24: $("$NODE24" --version)"
"$NODE24" dist/cli/index.js --version
if [ -f test/e2e/node24-smoke.mjs ]; then
  "$NODE24" test/e2e/node24-smoke.mjs
fi
