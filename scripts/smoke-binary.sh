#!/usr/bin/env bash
# Smoke-tests the compiled binary from a folder with no node_modules.
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" --version | grep -q '^dbtooling ' || { echo "smoke: --version printed no version"; exit 1; }
echo "smoke: $("$bin" --version) OK"
