#!/usr/bin/env bash
# print-tools.sh installs what the minutes package's print tests need, when it is missing:
#   poppler-utils (pdftotext, pdfinfo, pdffonts) and chromium (prints the HTML minutes to PDF).
# Idempotent: with both present it does nothing. It runs `apt-get update` only when apt does
# not yet know a missing package (a fresh container has empty package lists).
set -euo pipefail

log() { echo "print-tools.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

missing=()
for pair in pdftotext:poppler-utils pdfinfo:poppler-utils pdffonts:poppler-utils chromium:chromium; do
	cmd=${pair%%:*} pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 && continue
	case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || die "missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}"

# known reports whether apt has a candidate version for every missing package.
known() {
	local p
	for p in "${missing[@]}"; do
		apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || return 1
	done
}
if ! known; then
	log "apt-get update"
	apt-get update -q >&2
fi
log "installing ${missing[*]} (apt-get)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
