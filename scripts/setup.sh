# Shared set-up for ./scripts/build and ./scripts/test on a fresh Debian machine.
# Creates .venv with Python 3.11+ and installs a requirements file when it changed.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  if [ -z "${CCHC_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    CCHC_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_venv() {
  local requirements="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "Cài đặt python3-venv…"
    apt_install python3-venv
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-$(basename "$requirements")"
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Cài đặt chromium (Debian) cho kiểm thử trình duyệt…"
    apt_install chromium
  fi
}

export NO_MKDOCS_2_WARNING=1
export DISABLE_MKDOCS_2_WARNING=true
