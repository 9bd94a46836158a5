# Shared set-up for ./scripts/build and ./scripts/test on a fresh Debian machine.
# Creates .venv with Python 3.11+ and installs a lock file (requirements*.lock) when it changed.

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

# ensure_venv requirements.lock | requirements-dev.lock (requirements.txt / requirements-dev.txt
# name the same lock). Installs the whole pinned tree with --require-hashes --no-deps: every
# package, transitive ones included, comes from the lock and must match one of its hashes.
ensure_venv() {
  local lock="${1%.txt}"
  lock="${lock%.lock}.lock"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "Cài đặt python3-venv…"
    apt_install python3-venv
  fi
  check_lock "$python" "$lock"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  # The stamp holds the lock's checksum: reinstall whenever the lock's content changes.
  local stamp=".venv/.installed-$(basename "$lock")"
  local sum
  sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
      --require-hashes --no-deps -r "$lock"
    echo "$sum" >"$stamp"
  fi
  # `.venv/bin/python -m cchc …` works from anywhere (Windows: .venv\Scripts\python -m cchc):
  # the venv knows where the package is.
  local site
  site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$PWD/scripts" >"$site/cchc-scripts.pth"
}

# Fails when a pin in requirements*.txt (the human-edited inputs) is missing from the lock,
# i.e. requirements*.txt was edited without re-locking (see README, "Dependencies").
check_lock() {
  "$1" - "$2" <<'PY'
import re, sys
from pathlib import Path

lock = Path(sys.argv[1])
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#\\]+)", re.M)
locked = {norm(n): v for n, v in pin.findall(lock.read_text())}
todo, stale = [Path(lock.name.removesuffix(".lock") + ".txt")], []
while todo:
    req = todo.pop()
    for line in req.read_text().splitlines():
        if m := re.match(r"-r\s+(\S+)", line.strip()):
            todo.append(req.parent / m[1])
        elif (m := pin.match(line.strip())) and locked.get(norm(m[1])) != m[2]:
            stale.append(f"{req}: {m[1]}=={m[2]} (lock: {locked.get(norm(m[1]), 'missing')})")
if stale:
    sys.exit(f"{lock} is out of date with:\n  " + "\n  ".join(stale) + "\nRe-lock: see README.md, Dependencies.")
PY
}

# DejaVu Sans (Debian's fonts-dejavu-core): the open font, covering Vietnamese, that the
# build draws share cards with (scripts/cchc/rendering/cards.py). Without it pages without a
# cover have no preview image.
ensure_fonts() {
  if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] && [ -z "${CCHC_FONT_DIR:-}" ]; then
    echo "Cài đặt phông chữ DejaVu (Debian) để vẽ ảnh chia sẻ…"
    apt_install fonts-dejavu-core || echo "Không cài được fonts-dejavu-core: bài không có ảnh bìa sẽ không có ảnh chia sẻ." >&2
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Cài đặt chromium (Debian) cho kiểm thử trình duyệt…"
    apt_install chromium
  fi
}

# poppler-utils (pdftoppm) turns the PDFs the print tests make into PNG images to look at
# (tests/test_print_browser.py keeps page images of the printed document when asked to).
ensure_poppler() {
  if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "Cài đặt poppler-utils (Debian) cho kiểm thử bản in…"
    apt_install poppler-utils
  fi
}

# Tools of the quality gates (tests/test_gates.py): Java for the Nu HTML validator (npm
# vnu-jar) and libfaketime (two builds "on different dates"). Debian packages.
ensure_gate_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v faketime >/dev/null 2>&1 || missing+=(faketime)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Cài đặt ${missing[*]} (Debian) cho kiểm thử chất lượng (HTML, dựng lại vào ngày khác)…"
    apt_install "${missing[@]}"
  fi
}

# Debian's nginx and Apache for tests/test_servers.py (deploy/ configurations). apache2-bin
# is the server binary and its modules without the system service; media-types gives
# /etc/mime.types. The tests start their own servers on 127.0.0.1, as the current user.
ensure_servers() {
  local missing=()
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/sbin/apache2 ] || missing+=(apache2-bin)
  [ -f /etc/mime.types ] || missing+=(media-types)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Cài đặt ${missing[*]} (Debian) cho kiểm thử cấu hình máy chủ…"
    apt_install "${missing[@]}"
  fi
}

# Decap CMS for /admin/ (package.json, pinned with package-lock.json): `npm ci` installs exactly the
# lock, again whenever it changes (stamp: its checksum). Without node/npm the site still builds;
# the admin page then says the editor is not installed. Installs nodejs and npm when apt can.
ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      echo "Cài đặt nodejs và npm (Debian) cho trang quản trị /admin/…"
      apt_install nodejs npm || true
    fi
    if ! command -v npm >/dev/null 2>&1; then
      echo "Chưa có npm: trang quản trị /admin/ sẽ không có Decap CMS (cài Node.js rồi chạy lại)." >&2
      return 0
    fi
  fi
  local stamp="node_modules/.installed-package-lock"
  local sum
  sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$sum" >"$stamp"
  fi
}

export NO_MKDOCS_2_WARNING=1
export DISABLE_MKDOCS_2_WARNING=true
