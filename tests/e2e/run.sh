#!/bin/sh
# Browser tests: run.sh KLANG_BINARY
# Starts klang on fresh demo data (temp dir, free loopback port), runs
# klang.test.mjs (node:test + playwright-core + Debian's Chromium), stops the
# server with SIGTERM and removes the data. Prints TAP on stdout; the server's
# log and the setup's messages go to stderr.
# Needs: node >= 18, tests/e2e/node_modules (npm ci; done here when missing),
# Chromium at /usr/bin/chromium (or $CHROMIUM).
set -u

bin=${1:-}
here=$(cd "$(dirname "$0")" && pwd)

bail() {
	echo "Bail out! $*"
	exit 1
}

[ -n "$bin" ] || bail "usage: run.sh KLANG_BINARY"
[ -x "$bin" ] || bail "not an executable: $bin"
command -v node >/dev/null 2>&1 || bail "node is not installed (scripts/deps.sh test)"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || bail "no Chromium at $CHROMIUM (scripts/deps.sh test)"
export CHROMIUM

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
	echo "run.sh: installing tests/e2e/node_modules (npm ci)" >&2
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
		bail "npm ci failed in tests/e2e"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klang-e2e.XXXXXX") || bail "mktemp failed"
pid=""
# stop_server: SIGTERM, up to 15 s to finish, then SIGKILL; sets $status to
# the server's exit status (137 when it had to be killed).
status=0
stop_server() {
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 150 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "run.sh: klang still running 15 s after SIGTERM; killing it" >&2
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	status=$?
	pid=""
}
# shellcheck disable=SC2317 # called through the trap
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Fast password hashing and no per-request log lines for the test server.
export KLANG_PWHASH_MEM_MIB=46 KLANG_PWHASH_OPS=1 KLANG_LOG_REQUESTS=false

"$bin" --data "$tmp/data" init --demo >"$tmp/init.out" 2>"$tmp/init.err" || {
	cat "$tmp/init.out" "$tmp/init.err" >&2
	bail "klang init --demo failed"
}
admin_pw=$(awk '$1 == "login" && $2 == "admin" && $3 == "password" { print $4; exit }' "$tmp/init.out")
[ -n "$admin_pw" ] || {
	cat "$tmp/init.out" >&2
	bail "no admin password in the output of init --demo"
}
# Every demo login as "login=password …" (admin, committee, executive,
# unithead, staff), for the workflow journey.
demo_pw=$(awk '$1 == "login" && $3 == "password" { printf "%s%s=%s", n++ ? " " : "", $2, $4 }' "$tmp/init.out")

# A free loopback port: ask the kernel through node, then start klang on it;
# on the rare clash (someone took it in between) try again.
tries=0
while :; do
	tries=$((tries + 1))
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})') ||
		bail "could not find a free port"
	: >"$tmp/server.log"
	"$bin" --data "$tmp/data" --bind 127.0.0.1 --port "$port" serve >>"$tmp/server.log" 2>&1 &
	pid=$!
	up=""
	i=0
	while [ $i -lt 100 ]; do
		if grep -q "listening on" "$tmp/server.log"; then up=1; break; fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$up" ] && break
	stop_server
	cat "$tmp/server.log" >&2
	[ $tries -lt 3 ] || bail "klang did not start (see the log above)"
done

mkdir -p "$here/out"
export KLANG_URL="http://127.0.0.1:$port" KLANG_ADMIN_PASSWORD="$admin_pw" KLANG_DEMO_PASSWORDS="$demo_pw" E2E_OUT="$here/out"

# node 18.15+ and 20+ take --test-reporter; older 18 prints TAP by default.
reporter="--test-reporter=tap"
case $(node -p 'process.versions.node') in
18.[0-9].* | 18.1[0-4].*) reporter="" ;;
esac

# node's TAP reporter keeps the blank lines of a multi-line message inside
# the YAML block of a failure, and terminal colour codes; meson's TAP parser
# strips trailing blanks and then takes a blank line as the end of the YAML
# block. The filter drops blank lines inside YAML blocks, indents any other
# line there that lost its indentation, and drops the colour codes.
# shellcheck disable=SC2016 # awk program, not shell
tapfix='
{ gsub(/\033\[[0-9;]*m/, "") }
yaml != "" {
	if ($0 ~ /^[ \t]*$/) next
	if ($0 ~ /^ *\.\.\.$/) { yaml = "" }
	else if (index($0, yaml) != 1) { $0 = yaml $0 }
	print; fflush(); next
}
/^ *---$/ { yaml = $0; sub(/---$/, "", yaml) }
{ print; fflush() }'

started=$(date +%s)
# shellcheck disable=SC2086
{
	(cd "$here" && node --test $reporter klang.test.mjs)
	echo $? >"$tmp/node.rc"
} | awk "$tapfix"
rc=$(cat "$tmp/node.rc" 2>/dev/null || echo 1)

# Stop the server as an operator would and check it shut down cleanly.
stop_server
echo "run.sh: browser tests took $(($(date +%s) - started)) s; screenshots in $here/out" >&2
if [ $status -ne 0 ]; then
	echo "run.sh: klang exited with status $status after SIGTERM" >&2
	rc=1
fi
if [ "$rc" -ne 0 ]; then
	echo "---- klang server log ----" >&2
	cat "$tmp/server.log" >&2
fi
exit "$rc"
