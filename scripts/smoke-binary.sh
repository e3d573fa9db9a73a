#!/usr/bin/env bash
# Smoke-tests the compiled binary against DynamoDB Local from an empty folder with no node_modules:
# create a table, put, get, query, export, import into a second table, compare the two exports,
# delete both tables. Every step checks its output and stops the run on the first surprise.
#
#   scripts/smoke-binary.sh dist/dbtooling
#
# Without DBTOOLING_ENDPOINT it starts DynamoDB Local itself (scripts/with-dynamodb-local.ts, needs
# bun and Java); with it, it runs against that endpoint.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <path to the dbtooling binary>" >&2; exit 2; }
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -x "$bin" ] || { echo "smoke: $bin is not an executable file" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${DBTOOLING_ENDPOINT:-}" ]; then
  exec bun "$here/with-dynamodb-local.ts" -- "$here/smoke-binary.sh" "$bin"
fi
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}" AWS_REGION="${AWS_REGION:-us-east-1}"
export NO_COLOR=1

work="$(mktemp -d)"
a="smoke_a_$$_$RANDOM"
b="smoke_b_$$_$RANDOM"
cleanup() {
  # Best effort: the tables die with an in-memory DynamoDB Local anyway.
  "$bin" table:delete "$a" --yes -q >/dev/null 2>&1 || true
  "$bin" table:delete "$b" --yes -q >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
started=$SECONDS

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
# run <step> <command...>: runs the binary, stores stdout in $out, fails with the output on a non-zero exit.
run() {
  local step="$1"; shift
  if ! out="$("$bin" "$@" 2>"$work/stderr")"; then
    echo "smoke: FAIL at '$step': dbtooling $* exited non-zero" >&2
    echo "--- stdout" >&2; echo "$out" >&2
    echo "--- stderr" >&2; cat "$work/stderr" >&2
    exit 1
  fi
}
# expect <step> <fixed string>: $out must contain it.
expect() { grep -qF -- "$2" <<<"$out" || fail "$1: expected '$2' in output:"$'\n'"$out"; }
ok() { echo "smoke: $1 OK ($((SECONDS - started))s)"; }

[ ! -e node_modules ] && [ -z "$(ls -A)" ] || fail "the working folder is not empty"

run version --version
[[ "$out" == dbtooling\ * ]] || fail "--version printed '$out'"
ok "$out"

run "create table" table:create "$a" --pk pk --sk sk --json
expect "create table" '"status": "ACTIVE"'
ok "table:create $a"

run "put 1" put '{"pk":"USER#1","sk":"PROFILE","name":"Ada Lovelace","born":1815,"score":99.5,"admin":true,"nick":null,"langs":["en","fr"],"address":{"city":"London","zip":"W1"}}' --table "$a" --json
expect "put 1" '"ok": true'
run "put 2" put '{"pk":"USER#1","sk":"POST#2024-01-01","title":"Notes on the engine","words":2500}' --table "$a" --json
run "put 3" put '{"pk":"USER#1","sk":"POST#2024-02-01","title":"Sketch of the analytical engine","words":8000}' --table "$a" --json
run "put 4" put '{"pk":"USER#2","sk":"PROFILE","name":"Charles Babbage","born":1791}' --table "$a" --json
ok "put x4"

# A few hundred more through import, so the export below spans several batches and scan pages.
for i in $(seq 1 300); do printf '{"pk":"BULK#%d","sk":"ITEM#%04d","n":%d,"text":"item %d of the bulk load"}\n' $((i % 7)) "$i" "$i" "$i"; done > bulk.jsonl
run "bulk import" import "$a" bulk.jsonl --format jsonl --json
expect "bulk import" '300'

run get get '{"pk":"USER#1","sk":"PROFILE"}' --table "$a" --json
expect get '"name": "Ada Lovelace"'
expect get '"born": 1815'
expect get '"score": 99.5'
expect get '"admin": true'
expect get '"city": "London"'
if "$bin" get '{"pk":"USER#1","sk":"NOPE"}' --table "$a" --json >missing.json 2>"$work/stderr"; then fail "get of a missing key exited 0"; fi
grep -qF '"item": null' missing.json || fail "get of a missing key printed: $(cat missing.json "$work/stderr")"
ok get

run query query --pk 'USER#1' --table "$a" --format jsonl
[ "$(grep -c . <<<"$out")" -eq 3 ] || fail "query --pk USER#1: expected 3 items, got:"$'\n'"$out"
run "query begins-with" query --pk 'USER#1' --sk-begins-with 'POST#' --desc --table "$a" --format jsonl
[ "$(grep -c . <<<"$out")" -eq 2 ] || fail "query --sk-begins-with POST#: expected 2 items, got:"$'\n'"$out"
[[ "$(head -n1 <<<"$out")" == *'2024-02-01'* ]] || fail "query --desc: newest post should come first:"$'\n'"$out"
ok query

run "export a" export "$a" --format ddb-json --output a.ddb.json -q
[ "$(grep -c . a.ddb.json)" -eq 304 ] || fail "export $a: expected 304 lines, got $(grep -c . a.ddb.json)"
run "export a jsonl" export "$a" --format jsonl --output a.jsonl -q
[ "$(grep -c . a.jsonl)" -eq 304 ] || fail "export $a jsonl: expected 304 lines"
ok "export (304 items)"

run "create table b" table:create "$b" --pk pk --sk sk --json
expect "create table b" '"status": "ACTIVE"'
run "import b" import "$b" a.ddb.json --format ddb-json --json
expect "import b" '304'
ok "import into $b"

run "export b" export "$b" --format ddb-json --output b.ddb.json -q
run "export b jsonl" export "$b" --format jsonl --output b.jsonl -q
# Scan order and attribute order are DynamoDB's business: compare each item with sorted keys, sorted.
canonical() { bun -e 'const lines = (await Bun.file(process.argv[1]).text()).split("\n").filter(Boolean)
const sortKeys = v => Array.isArray(v) ? v.map(sortKeys) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])])) : v
console.log(lines.map(l => JSON.stringify(sortKeys(JSON.parse(l)))).sort().join("\n"))' "$1"; }
canonical a.ddb.json > a.sorted
canonical b.ddb.json > b.sorted
cmp -s a.sorted b.sorted || { diff a.sorted b.sorted | head -20 >&2; fail "the exports of $a and $b differ (ddb-json)"; }
canonical a.jsonl > a.sorted
canonical b.jsonl > b.sorted
cmp -s a.sorted b.sorted || { diff a.sorted b.sorted | head -20 >&2; fail "the exports of $a and $b differ (jsonl)"; }
[ "$(grep -c . b.sorted)" -eq 304 ] || fail "compare: expected 304 items"
ok "compare exports ($a == $b)"

run "delete a" table:delete "$a" --yes --json
expect "delete a" '"deleted": true'
run "delete b" table:delete "$b" --yes --json
expect "delete b" '"deleted": true'
run "list" table:list --json
! grep -qF -e "\"$a\"" -e "\"$b\"" <<<"$out" || fail "tables still listed after delete:"$'\n'"$out"
ok "table:delete x2"

# A config file importing the package, as the README shows, with no node_modules anywhere around it.
mkdir configured
printf '%s\n' "import { defineConfig } from 'dbtooling'" "export default defineConfig({ region: 'eu-west-3', table: { name: 'from-config' } })" > configured/dbtooling.config.ts
out="$(cd configured && "$bin" config --json 2>"$work/stderr")" || { cat "$work/stderr" >&2; fail "config: a dbtooling.config.ts importing 'dbtooling' did not load"; }
expect "config" '"tableName": "from-config"'
ok "config file importing 'dbtooling'"

[ ! -e node_modules ] || fail "something created node_modules in the working folder"
echo "smoke: all steps passed in $((SECONDS - started))s"
