#!/usr/bin/env bash
# print-tools.sh installs what the print tests (minutes, typeset) need, when it is missing:
#   poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm, pdfimages), chromium (prints the HTML
#   minutes to PDF), and the fonts typeset's mixed-script tests set text in: fonts-noto-core
#   (Arabic, Hebrew, Devanagari, Ethiopic, …; 42 MB), fonts-droid-fallback (Chinese, Japanese,
#   Korean with TrueType outlines; 7 MB), fonts-noto-color-emoji (10 MB); and python3, which
#   runs the README's script that recomputes a draw without folkmoot.
# Idempotent: with everything present it does nothing. It runs `apt-get update` only when apt does
# not yet know a missing package (a fresh container has empty package lists).
set -euo pipefail

log() { echo "print-tools.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Each need is a command, or a file (an absolute path), and the Debian package that gives it.
needs=(
	pdftotext:poppler-utils pdfinfo:poppler-utils pdffonts:poppler-utils pdftoppm:poppler-utils
	pdfimages:poppler-utils chromium:chromium
	/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf:fonts-noto-core
	/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf:fonts-droid-fallback
	/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf:fonts-noto-color-emoji
	python3:python3-minimal
)
missing=()
for pair in "${needs[@]}"; do
	need=${pair%%:*} pkg=${pair#*:}
	case "$need" in
	/*) [ -e "$need" ] && continue ;;
	*) command -v "$need" >/dev/null 2>&1 && continue ;;
	esac
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
