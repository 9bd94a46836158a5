"""The first-run set-up without bash (``py scripts\\setup_windows.py``), tested on Linux."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

from conftest import REPO

_SPEC = importlib.util.spec_from_file_location("setup_windows", REPO / "scripts" / "setup_windows.py")
assert _SPEC is not None and _SPEC.loader is not None
setup_windows = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(setup_windows)


def test_venv_python_per_platform() -> None:
    assert setup_windows.venv_python(PureWindowsPath(".venv"), windows=True) == PureWindowsPath(
        ".venv\\Scripts\\python.exe"
    )
    assert str(setup_windows.venv_python(PureWindowsPath("C:\\du-an\\.venv"), windows=True)) == (
        "C:\\du-an\\.venv\\Scripts\\python.exe"
    )
    assert setup_windows.venv_python(PurePosixPath(".venv"), windows=False) == PurePosixPath(
        ".venv/bin/python"
    )


def test_install_command_requires_hashes_of_the_lock(tmp_path: Path) -> None:
    assert setup_windows.has_hashes((REPO / "requirements.lock").read_text(encoding="utf-8"))
    command = setup_windows.install_command(PurePosixPath(".venv/bin/python"), REPO / "requirements.lock")
    assert command[:4] == [".venv/bin/python", "-m", "pip", "install"]
    assert "--require-hashes" in command and "--no-deps" in command
    plain = tmp_path / "requirements.lock"
    plain.write_text("mkdocs==1.6.1\n", encoding="utf-8")
    assert "--require-hashes" not in setup_windows.install_command(PurePosixPath("py"), plain)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "du an"  # a space, as in "C:\Users\Cán bộ\Documents"
    (root / "scripts").mkdir(parents=True)
    (root / "requirements.lock").write_bytes((REPO / "requirements.lock").read_bytes())
    return root


def test_dry_run_does_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    script = str(REPO / "scripts" / "setup_windows.py")
    result = subprocess.run(
        [sys.executable, script, "--root", str(root), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tạo môi trường Python" in result.stdout and "--require-hashes" in result.stdout
    assert not (root / ".venv").exists()


def test_creates_the_venv_and_points_it_at_the_package(tmp_path: Path) -> None:
    root = _project(tmp_path)
    script = str(REPO / "scripts" / "setup_windows.py")
    run = [sys.executable, script, "--root", str(root), "--no-install"]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    python = root / ".venv" / "bin" / "python"
    assert python.exists()
    found = subprocess.run(
        [str(python), "-c", "import sys; print([p for p in sys.path if p.endswith('scripts')])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(root / "scripts") in found
    again = subprocess.run(run, capture_output=True, text=True, check=False)
    assert "Đã có môi trường Python" in again.stdout
    missing = subprocess.run(
        [sys.executable, script, "--root", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1 and "Không thấy tệp" in missing.stdout
