"""First-run set-up without bash (Windows): ``py scripts\\setup_windows.py`` from the project folder.

Does what ``scripts/setup.sh`` (``ensure_venv``) does on Linux, with Python alone: creates
``.venv``, installs ``requirements.lock`` (``--require-hashes --no-deps`` when the lock has
hashes, again whenever the lock changes: a stamp holds its checksum) and tells the venv where
the ``cchc`` package is, so ``.venv\\Scripts\\python -m cchc …`` works. ``--dry-run`` prints
the steps without doing them; ``--no-install`` creates the venv only. Paths are computed with
``pathlib`` for the platform it runs on; no shell is used.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import venv
from collections.abc import Sequence
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parents[1]
LOCK = "requirements.lock"


def venv_python(venv_dir: PurePath, windows: bool | None = None) -> PurePath:
    """The venv's interpreter: ``.venv\\Scripts\\python.exe`` on Windows, ``.venv/bin/python`` elsewhere."""
    windows = sys.platform == "win32" if windows is None else windows
    if windows:
        return PureWindowsPath(venv_dir) / "Scripts" / "python.exe"
    return PurePosixPath(venv_dir) / "bin" / "python"


def has_hashes(lock_text: str) -> bool:
    return "--hash=sha256:" in lock_text


def install_command(python: PurePath, lock: Path) -> list[str]:
    """The pip command installing ``lock`` (the whole pinned tree, checked against its hashes)."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", str(lock)]
    if has_hashes(lock.read_text(encoding="utf-8")):
        command[-2:-2] = ["--require-hashes", "--no-deps"]
    return command


def stamp_path(venv_dir: Path, lock: Path) -> Path:
    return venv_dir / f".installed-{lock.name}"


def lock_sum(lock: Path) -> str:
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Cài đặt lần đầu (Windows, không cần bash): tạo .venv và cài thư viện."
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="thư mục dự án (chứa requirements.lock)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ in ra các bước, không làm gì")
    parser.add_argument("--no-install", action="store_true", help="chỉ tạo .venv, không cài thư viện")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    lock = root / LOCK
    if not lock.is_file():
        say(f"Không thấy tệp {lock}. Hãy chạy lệnh này trong thư mục dự án.")
        return 1
    venv_dir = root / ".venv"
    python = Path(venv_python(venv_dir))
    if python.exists():
        say(f"Đã có môi trường Python: {venv_dir}")
    else:
        say(f"Tạo môi trường Python: {venv_dir}")
        if not args.dry_run:
            venv.EnvBuilder(with_pip=not args.no_install).create(venv_dir)
    stamp = stamp_path(venv_dir, lock)
    current = lock_sum(lock)
    if args.no_install:
        say("Bỏ qua bước cài thư viện (--no-install).")
    elif stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == current:
        say(f"Thư viện đã cài đúng theo {LOCK}.")
    else:
        command = install_command(python, lock)
        say("Cài thư viện: " + " ".join(command))
        if not args.dry_run:
            if subprocess.run(command, cwd=root, check=False).returncode != 0:
                say("Cài thư viện không thành công. Kiểm tra kết nối mạng rồi chạy lại lệnh này.")
                return 1
            stamp.write_text(current + "\n", encoding="utf-8")
    if not args.dry_run and python.exists():
        site = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        (Path(site) / "cchc-scripts.pth").write_text(str(root / "scripts") + "\n", encoding="utf-8")
    say("Xong. Các lệnh (chạy trong thư mục dự án):")
    for name in ("check", "preview", "build"):
        say(f"  {venv_python(Path('.venv'))} -m cchc {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
