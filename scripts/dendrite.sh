#!/usr/bin/env bash
# dendrite.sh runs a throwaway Dendrite homeserver on loopback for folkmoot's Matrix tests.
#
#   scripts/dendrite.sh start     build (cached) and start a fresh server, write the env file
#   scripts/dendrite.sh stop      stop it (the data dir stays for post-mortems)
#   scripts/dendrite.sh restart   stop and start the same server, keeping its data and port
#   scripts/dendrite.sh status    exit 0 when it answers
#
# The env file ${FOLKMOOT_TESTENV}/dendrite.env holds KEY=VALUE lines for the tests:
#   FOLKMOOT_TEST_DENDRITE_URL            http://127.0.0.1:PORT
#   FOLKMOOT_TEST_DENDRITE_SERVER_NAME    the server name in user IDs (localhost)
#   FOLKMOOT_TEST_DENDRITE_SHARED_SECRET  registration shared secret (tests register users)
#   FOLKMOOT_TEST_DENDRITE_BOT_USER/_BOT_PASSWORD    an account for the bot
#   FOLKMOOT_TEST_DENDRITE_USER/_USER_PASSWORD       an account for a person
#   FOLKMOOT_TEST_DENDRITE_SCRIPT         this script's absolute path (tests call "restart")
#   FOLKMOOT_TEST_DENDRITE_PIDFILE        the server's pid file
set -euo pipefail

DENDRITE_VERSION=v0.15.2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pins="$here/pins/dendrite"
cache="${FOLKMOOT_CACHE:-$HOME/.cache/folkmoot}"
testenv="${FOLKMOOT_TESTENV:-/tmp/folkmoot-testenv}"
data="$testenv/dendrite"
envfile="$testenv/dendrite.env"
pidfile="$data/dendrite.pid"

log() { echo "dendrite.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# bindir is keyed by the pin module's go.sum, so a version bump rebuilds.
bindir() {
	local sum
	sum="$(sha256sum <"$pins/go.sum" | cut -c1-12)"
	echo "$cache/dendrite-$DENDRITE_VERSION-cgo-$sum"
}

# need CMD PKG...: install the Debian packages when CMD is missing (CI runs as root).
need() {
	local cmd="$1"
	shift
	command -v "$cmd" >/dev/null 2>&1 && return
	[ "$(id -u)" = 0 ] || die "$cmd is missing; install $*"
	log "installing $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 ||
		{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

build() {
	local bin tmp
	bin="$(bindir)"
	if [ -x "$bin/dendrite" ] && [ -x "$bin/create-account" ] && [ -x "$bin/generate-config" ] && [ -x "$bin/generate-keys" ]; then
		return
	fi
	command -v go >/dev/null || die "go is needed to build Dendrite"
	# cgo, for mattn/go-sqlite3: Dendrite's pure-Go SQLite path (modernc) corrupts its
	# connection pool when a client cancels a request, then panics ("cannot start a
	# transaction within a transaction"). Only Dendrite is built with cgo; folkmoot is not.
	need gcc gcc libc6-dev
	log "building Dendrite $DENDRITE_VERSION into $bin (about 3 minutes the first time)"
	mkdir -p "$cache"
	tmp="$(mktemp -d "$cache/build.XXXXXX")"
	# Build into a temp dir and rename, so an interrupted build never leaves a half cache.
	(cd "$pins" && GOTOOLCHAIN=local CGO_ENABLED=1 go build -trimpath -o "$tmp/" \
		github.com/element-hq/dendrite/cmd/dendrite \
		github.com/element-hq/dendrite/cmd/create-account \
		github.com/element-hq/dendrite/cmd/generate-config \
		github.com/element-hq/dendrite/cmd/generate-keys) >&2
	rm -rf "$bin"
	mv "$tmp" "$bin"
	log "built"
}

running() {
	[ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
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

# configure writes dendrite.yaml: shared-secret registration, no federation, no rate limits.
configure() {
	local bin="$1" secret="$2" cfg="$data/dendrite.yaml"
	"$bin/generate-keys" --private-key "$data/matrix_key.pem" >&2
	"$bin/generate-config" -dir "$data" -server localhost >"$cfg.gen"
	sed -e "s|^  private_key: matrix_key.pem|  private_key: $data/matrix_key.pem|" \
		-e "s|^  disable_federation: false|  disable_federation: true|" \
		-e "s|^  registration_shared_secret: \"\"|  registration_shared_secret: \"$secret\"|" \
		-e "s|^    max_size_estimated: .*|    max_size_estimated: 67108864|" \
		-e "s|^  bcrypt_cost: 10|  bcrypt_cost: 4|" \
		-e '/^  rate_limiting:/,/^  [a-z]/ s|^    enabled: true|    enabled: false|' \
		-e '/^  key_perspectives:/,/^  prefer_direct_fetch:/ { /^  prefer_direct_fetch:/!d; }' \
		-e 's|^  prefer_direct_fetch:|  key_perspectives: []\n  prefer_direct_fetch:|' \
		"$cfg.gen" >"$cfg"
	rm "$cfg.gen"
	# The edits rely on generate-config's exact output: fail loudly if one did not apply.
	for want in "private_key: $data/matrix_key.pem" "disable_federation: true" \
		"registration_shared_secret: \"$secret\"" "key_perspectives: \[\]"; do
		grep -q "$want" "$cfg" || die "config edit did not apply: $want"
	done
	sed -n '/^  rate_limiting:/,/^  [a-z]/p' "$cfg" | grep -q "enabled: false" ||
		die "config edit did not apply: rate limiting off"
}

launch() {
	local bin port
	bin="$(bindir)"
	port="$(cat "$data/port")"
	port_free "$port" || die "port $port is taken"
	log "starting on 127.0.0.1:$port"
	(cd "$data" && exec setsid "$bin/dendrite" -config "$data/dendrite.yaml" \
		-http-bind-address "127.0.0.1:$port" \
		</dev/null >>"$data/dendrite.out" 2>&1) &
	echo $! >"$pidfile"
	local deadline=$((SECONDS + 90))
	until curl -fsS -o /dev/null "http://127.0.0.1:$port/_matrix/client/versions" 2>/dev/null; do
		running || { tail -20 "$data/dendrite.out" >&2; die "dendrite exited; see $data/dendrite.out"; }
		[ $SECONDS -lt $deadline ] || { tail -20 "$data/dendrite.out" >&2; die "not ready after 90 s"; }
		sleep 0.3
	done
	log "ready"
}

stop() {
	running || { rm -f "$pidfile"; return 0; }
	local pid deadline
	pid="$(cat "$pidfile")"
	log "stopping pid $pid"
	kill "$pid" 2>/dev/null || true
	deadline=$((SECONDS + 20))
	while kill -0 "$pid" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			log "pid $pid ignored SIGTERM; killing"
			kill -9 "$pid" 2>/dev/null || true
		fi
		sleep 0.2
	done
	rm -f "$pidfile"
}

account() {
	local bin="$1" user="$2" pass="$3" port
	port="$(cat "$data/port")"
	"$bin/create-account" -config "$data/dendrite.yaml" -username "$user" -password "$pass" \
		-url "http://127.0.0.1:$port" >&2
}

start() {
	need curl curl
	build
	if running && curl -fsS -o /dev/null "http://127.0.0.1:$(cat "$data/port")/_matrix/client/versions" 2>/dev/null; then
		log "already running"
		[ -f "$envfile" ] || die "running but $envfile is missing; run stop first"
		return
	fi
	stop
	local bin secret botpass userpass port
	bin="$(bindir)"
	rm -rf "$data"
	mkdir -p "$data"
	secret="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
	botpass="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
	userpass="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
	port="$(pick_port)"
	echo "$port" >"$data/port"
	configure "$bin" "$secret"
	launch
	account "$bin" folkmoot "$botpass"
	account "$bin" alice "$userpass"
	cat >"$envfile.tmp" <<-EOF
		FOLKMOOT_TEST_DENDRITE_URL=http://127.0.0.1:$port
		FOLKMOOT_TEST_DENDRITE_SERVER_NAME=localhost
		FOLKMOOT_TEST_DENDRITE_SHARED_SECRET=$secret
		FOLKMOOT_TEST_DENDRITE_BOT_USER=@folkmoot:localhost
		FOLKMOOT_TEST_DENDRITE_BOT_PASSWORD=$botpass
		FOLKMOOT_TEST_DENDRITE_USER=@alice:localhost
		FOLKMOOT_TEST_DENDRITE_USER_PASSWORD=$userpass
		FOLKMOOT_TEST_DENDRITE_SCRIPT=$here/dendrite.sh
		FOLKMOOT_TEST_DENDRITE_PIDFILE=$pidfile
	EOF
	mv "$envfile.tmp" "$envfile"
	log "env written to $envfile"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
restart)
	[ -f "$data/port" ] || die "not started; run start first"
	stop
	launch
	;;
status)
	running && curl -fsS -o /dev/null "http://127.0.0.1:$(cat "$data/port")/_matrix/client/versions"
	;;
build) build ;;
*)
	echo "usage: $0 start|stop|restart|status|build" >&2
	exit 2
	;;
esac
