#!/usr/bin/env bash
# Install everything Bình dân học AI needs into .venv (idempotent). Usage: scripts/install.sh [--dev]
# --dev also installs the test tools: Debian's chromium (browser tests) and postgresql (database tests).
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0; [ "${1:-}" = "--dev" ] && DEV=1

apt_install() {  # install Debian packages that are missing (needs root; skipped otherwise)
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then echo "Cần cài bằng quyền root: ${missing[*]}" >&2; return 0; fi
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install fonts-dejavu-core
[ $DEV = 1 ] && apt_install chromium chromium-driver postgresql poppler-utils fonts-noto-color-emoji haproxy

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  echo "==> tạo môi trường Python .venv ($($PY --version))"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ $DEV = 1 ]; then
  # The real llama.cpp server for tests/test_llamacpp_server.py. No prebuilt wheel exists: pip builds it once
  # (about 7 min on 2 idle cores) and caches the wheel. Not part of a user's install.
  echo "==> pip install llama-cpp-python[server] (lần đầu phải biên dịch, khoảng 7 phút)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" .venv/bin/python -m pip install -q "llama-cpp-python[server]==0.3.36"
fi
if [ $DEV = 1 ]; then EXTRA=".[dev]"; else EXTRA="."; fi
echo "==> pip install -e $EXTRA"
.venv/bin/python -m pip install -q -e "$EXTRA"
