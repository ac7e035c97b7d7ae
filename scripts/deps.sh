#!/bin/sh
# deps.sh GROUP…: installs the Debian packages a group needs, when missing.
# Non-interactive and idempotent: a machine that has them is left alone.
#   build  compiler, meson, the libraries klang and its tests link
#   run    the Thai web fonts served by klang
#   test   Chromium and Node.js for the browser tests
#   bench  nginx and wrk for bench/http
set -eu

pkgs_build="gcc pkg-config meson ninja-build libc6-dev libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev fonts-thai-tlwg-web libcmocka-dev libcurl4-openssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libmagic-dev libzip-dev libxml2-dev libpoppler-glib-dev libdatrie-dev libthai-data libpango1.0-dev libcairo2-dev fonts-tlwg-laksaman libxlsxwriter-dev"
pkgs_run="fonts-thai-tlwg-web fonts-tlwg-laksaman"
pkgs_test="chromium poppler-utils"
pkgs_bench="nginx-light wrk curl"

want=""
for group in "$@"; do
	case "$group" in
	build) want="$want $pkgs_build" ;;
	run) want="$want $pkgs_run" ;;
	test) want="$want $pkgs_test" ;;
	bench) want="$want $pkgs_bench" ;;
	*) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) case " $missing " in *" $p "*) ;; *) missing="$missing $p" ;; esac ;;
	esac
done
# Node.js and npm for the browser tests: Debian's, unless the machine has its own.
case " $* " in
*" test "*)
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
	;;
esac

[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "deps.sh: missing packages:$missing; install them as root" >&2
		exit 1
	fi
fi
echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
