#!/usr/bin/env bash
# postgres.sh runs a throwaway PostgreSQL server on loopback for folkmoot's tests on the
# second store. It never touches the system's clusters: its own data dir, port and socket dir.
#
#   scripts/postgres.sh start     install PostgreSQL if missing, start a fresh server, write the env file
#   scripts/postgres.sh stop      stop it (the data dir stays for post-mortems)
#   scripts/postgres.sh pause     stop it (clients' connections break), keeping its data and port
#   scripts/postgres.sh resume    start a paused server again on its port
#   scripts/postgres.sh status    exit 0 when it accepts connections
#
# The env file ${FOLKMOOT_TESTENV}/postgres.env holds KEY=VALUE lines for the tests:
#   FOLKMOOT_TEST_POSTGRES_URL     postgres://folkmoot@127.0.0.1:PORT/folkmoot  the server's test database
#   FOLKMOOT_TEST_POSTGRES_SCRIPT  this script, and FOLKMOOT_TEST_POSTGRES_ENV its FOLKMOOT_TESTENV,
#                                  for a test that pauses and resumes the server
# scripts/test.sh runs the suite again with FOLKMOOT_TEST_DATABASE_URL set to it.
set -euo pipefail

testenv="${FOLKMOOT_TESTENV:-/tmp/folkmoot-testenv}"
data="$testenv/postgres"
envfile="$testenv/postgres.env"

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# bindir is where Debian puts the server's programs (initdb and pg_ctl are not on PATH).
bindir() {
	local d
	d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
	[ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

# install puts PostgreSQL in place from Debian's packages.
install() {
	bindir >/dev/null && return
	[ "$(id -u)" = 0 ] || die "PostgreSQL is missing; install with: sudo apt-get install -y postgresql"
	log "installing postgresql (apt-get)"
	# The package creates a system cluster where an init system exists; ours is separate.
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
	bindir >/dev/null || die "postgresql installed, but no initdb under /usr/lib/postgresql"
}

# as runs a command as the owner of the data dir: PostgreSQL refuses to run as root.
as() {
	if [ "$(id -u)" = 0 ]; then
		su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
	else
		"$@"
	fi
}

port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if port_free "$p"; then
			echo "$p"
			return
		fi
	done
	die "no free loopback port found"
}

running() {
	[ -f "$data/port" ] && [ -d "$data/db" ] && as "$(bindir)/pg_ctl" -D "$data/db" status >/dev/null 2>&1
}

stop() {
	running || return 0
	log "stopping"
	as "$(bindir)/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null
}

start() {
	install
	local bin port
	bin="$(bindir)"
	if running; then
		log "already running"
		[ -f "$envfile" ] || die "running but $envfile is missing; run stop first"
		return
	fi
	rm -rf "$data"
	mkdir -p "$data"
	if [ "$(id -u)" = 0 ]; then
		# The server runs as postgres: it must reach its data dir through the test env's.
		chmod a+x "$testenv"
		chown postgres "$data"
	fi
	# C collation: text sorts by code point, as SQLite sorts it, so both stores order alike.
	as "$bin/initdb" -D "$data/db" -A trust -U folkmoot -E UTF8 --locale=C >"$data/initdb.log" 2>&1 ||
		{ tail -20 "$data/initdb.log" >&2; die "initdb failed"; }
	port="$(pick_port)"
	echo "$port" >"$data/port"
	log "starting on 127.0.0.1:$port"
	serve "$port"
	as "$bin/createdb" -h 127.0.0.1 -p "$port" -U folkmoot folkmoot
	{
		echo "FOLKMOOT_TEST_POSTGRES_URL=postgres://folkmoot@127.0.0.1:$port/folkmoot"
		echo "FOLKMOOT_TEST_POSTGRES_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
		echo "FOLKMOOT_TEST_POSTGRES_ENV=$testenv"
	} >"$envfile.tmp"
	mv "$envfile.tmp" "$envfile"
	log "ready; env written to $envfile"
}

# serve runs the server on port. A throwaway server: no fsync (a crash loses it anyway),
# enough connections for the tests' pools.
serve() {
	as "$(bindir)/pg_ctl" -D "$data/db" -l "$data/postgres.log" -w -t 60 \
		-o "-p $1 -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || { tail -20 "$data/postgres.log" >&2; die "pg_ctl start failed; see $data"; }
}

# pause stops the running server, keeping its data and port; resume starts it again there. A
# test of a database that goes away. The stop is "fast": the clients' connections break as
# in a crash, but the commits already answered are kept. This server runs with
# synchronous_commit=off, so an immediate stop would lose the last few hundred milliseconds
# of answered commits, which a production server (synchronous_commit on) never does.
pause() {
	running || die "not running"
	log "pausing"
	as "$(bindir)/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null
}

resume() {
	[ -f "$data/port" ] || die "never started; run start"
	running && return 0
	log "resuming on 127.0.0.1:$(cat "$data/port")"
	serve "$(cat "$data/port")"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
pause) pause ;;
resume) resume ;;
status) running ;;
*)
	echo "usage: $0 start|stop|pause|resume|status" >&2
	exit 2
	;;
esac
