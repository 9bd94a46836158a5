"""Machine faults: a Vietnamese message, exit status ≠ 0, the published site untouched, the
traceback in the developers' log — never on the official's screen.

Real conditions where the machine allows: a full disk is a small ``tmpfs`` mounted by the
test (root may mount here; where it may not, the disk is made full by a patched
``write_bytes`` in the build process); permissions are real ``chmod``s, enforced on root by
running the build without the capabilities that let root ignore them (``setpriv``).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cchc.build import faults
from conftest import NOW, SUBPATH_URL, build_ok, make_project, post

NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
               "--inh-caps=-dac_override,-dac_read_search,-fowner"]  # fmt: skip
SCRIPTS = str(Path(faults.__file__).parents[2])


def manifest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build(project: Path, engine: str = "mkdocs", *, prefix: list[str] | None = None,
          python: list[str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL=SUBPATH_URL, NO_MKDOCS_2_WARNING="1",
               PYTHONPATH=SCRIPTS, CCHC_BUILD_LOCK_WAIT="0")  # fmt: skip
    command = {
        "mkdocs": ["-m", "mkdocs", "build", "-f", "mkdocs.yml"],
        "plain": ["-m", "cchc", "build", "--engine", "plain"],
        "check": ["-m", "cchc", "check"],
    }[engine]
    full = [*(prefix or []), *(python or [sys.executable]), *command]
    return subprocess.run(full, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def assert_fault(result: subprocess.CompletedProcess[str], *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert output == unicodedata.normalize("NFC", output)
    for word in words:
        assert word in output, output
    return output


def no_staging(project: Path) -> bool:
    return not [p for p in project.iterdir() if p.name.startswith(".site.building-")]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site, built once; each test copies it."""
    project = make_project(tmp_path_factory.mktemp("faults") / "p", posts={"2024/a.md": post()})
    build_ok(project)
    return project


@pytest.fixture
def project(base: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(base, copy, symlinks=True)
    return copy


# --- the messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "Ổ đĩa đã đầy"),
        (errno.EACCES, "Không có quyền"),
        (errno.EROFS, "chỉ cho phép đọc"),
        (errno.ENOENT, "Không tìm thấy"),
        (errno.ENOTDIR, "cần một thư mục"),
        (errno.EISDIR, "cần một tệp"),
        (errno.EIO, "Lỗi đọc/ghi ổ đĩa"),
        (errno.EXDEV, "Lỗi hệ thống"),
    ],
)
def test_each_os_error_has_a_vietnamese_message_naming_the_file(
    tmp_path: Path, code: int, words: str
) -> None:
    error = OSError(code, os.strerror(code), str(tmp_path / "site" / "index.html"))
    message = faults.describe(error, tmp_path)
    assert words in message and "«site/index.html»" in message
    assert message == unicodedata.normalize("NFC", message)


def test_sqlite_errors_are_worded_by_their_code(tmp_path: Path) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert "Ổ đĩa đã đầy" in faults.describe(full, tmp_path)
    damaged = sqlite3.DatabaseError("file is not a database")
    assert "bị hỏng" in faults.describe(damaged, tmp_path)
    wrapped = RuntimeError("đọc bộ nhớ đệm")
    wrapped.__cause__ = damaged
    assert faults.is_fault(wrapped) and "bị hỏng" in faults.describe(wrapped, tmp_path)


def test_report_writes_the_traceback_to_the_log_and_says_where(tmp_path: Path) -> None:
    try:
        (tmp_path / "khong-co" / "x").read_text()
    except OSError as error:
        message = faults.report(error, tmp_path, "test")
    assert "Không tìm thấy" in message and ".cache/cchc-loi.log" in message
    log = (tmp_path / ".cache" / faults.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in log and "FileNotFoundError" in log


def test_the_log_goes_to_the_temporary_folder_when_the_cache_is_a_file(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("không phải thư mục", encoding="utf-8")
    message = faults.report(OSError(errno.ENOSPC, "full"), tmp_path)
    assert str(faults.log_path(None)) in message


def test_a_command_never_shows_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def full() -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "site" / "a.html"))

    def bug() -> int:
        raise KeyError("lỗi lập trình")

    assert faults.run_command(tmp_path, full) == 1
    assert faults.run_command(tmp_path, bug) == 2
    err = capsys.readouterr().err
    assert "Ổ đĩa đã đầy" in err and "Lỗi của chương trình" in err and "Traceback" not in err


def test_an_engine_traceback_becomes_a_message(tmp_path: Path) -> None:
    trace = (
        'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
        "OSError: [Errno 28] No space left on device: '/srv/p/.site.building-1/index.html'\n"
    )
    message = faults.report_text(trace, tmp_path, "engine")
    assert message.startswith("Ổ đĩa đã đầy, không ghi được «/srv/p/.site.building-1/index.html»")


# --- the cache -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage", ["cache-file", "database-folder", "database-garbage", "database-cut", "qr-file"]
)
def test_a_damaged_cache_is_rebuilt_or_ignored_and_never_changes_the_site(project: Path, damage: str) -> None:
    site = project / "site"
    good = manifest(site)
    cache = project / ".cache"
    database = cache / "render.sqlite3"
    if damage == "cache-file":
        shutil.rmtree(cache)
        cache.write_text("tệp lạ", encoding="utf-8")
    elif damage == "database-folder":
        database.unlink()
        (database / "x").mkdir(parents=True)
    elif damage == "database-garbage":
        database.write_bytes(b"\x00hong" * 5000)
    elif damage == "database-cut":
        data = database.read_bytes()
        database.write_bytes(data[: len(data) // 2] + b"\xff" * 4096)
    elif damage == "qr-file":
        shutil.rmtree(cache / "qr", ignore_errors=True)
        (cache / "qr").write_text("x", encoding="utf-8")
    for engine in ("mkdocs", "plain"):
        result = build(project, engine)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "Traceback" not in output
        if engine == "mkdocs" or damage == "cache-file":  # the first build repairs the cache
            assert "Bộ nhớ đệm" in output or "bộ nhớ đệm" in output, output
        assert manifest(site) == good  # the same site as from a sound cache
    if damage != "cache-file":
        assert database.is_file() and sqlite3.connect(database).execute("PRAGMA quick_check").fetchone() == (
            "ok",
        )


# --- permissions (real chmod; root without the capabilities that ignore it) ---------------------


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "plain"])
@pytest.mark.parametrize("place", ["site", "project"])
def test_no_write_permission_on_the_site_or_project(project: Path, engine: str, place: str) -> None:
    site = project / "site"
    good = manifest(site)
    folder = site if place == "site" else project
    folder.chmod(0o555)
    try:
        result = build(project, engine, prefix=NO_OVERRIDE)
    finally:
        folder.chmod(0o755)
    assert_fault(result, "Không có quyền ghi", "trang đã xuất bản giữ nguyên")
    assert manifest(site) == good and no_staging(project)


@pytest.mark.slow
def test_a_cache_that_cannot_be_written_is_only_slower(project: Path) -> None:
    site = project / "site"
    good = manifest(site)
    (project / ".cache").chmod(0o555)
    try:
        result = build(project, prefix=NO_OVERRIDE)
    finally:
        (project / ".cache").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Không có quyền ghi vào «.cache»" in result.stderr and "Traceback" not in result.stderr
    assert manifest(site) == good


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "plain", "check"])
def test_an_unreadable_post(project: Path, engine: str) -> None:
    site = project / "site"
    good = manifest(site)
    path = project / "posts" / "2024" / "a.md"
    path.chmod(0)
    try:
        result = build(project, engine, prefix=NO_OVERRIDE)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert_fault(result, "a.md")
    assert manifest(site) == good and no_staging(project)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["plain", "check"])
def test_a_missing_project_file(tmp_path: Path, engine: str) -> None:
    (tmp_path / "p").mkdir()
    assert_fault(build(tmp_path / "p", engine), "mkdocs.yml")


# --- a full disk ---------------------------------------------------------------------------------

ENOSPC_AFTER = """
import errno, os, pathlib, runpy, sys
budget = [int(os.environ["CCHC_TEST_WRITES"])]
real = pathlib.Path.write_bytes
def write_bytes(self, data):
    budget[0] -= 1
    if budget[0] < 0 and (".site.building-" in str(self) or "/.build/" in str(self)):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))
    return real(self, data)
pathlib.Path.write_bytes = write_bytes
sys.argv = sys.argv[2:]  # after "-c" and "-m": the module and its arguments
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def mount_small_disk(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)  # fmt: skip
    return done.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "plain"])
def test_a_full_disk(base: Path, tmp_path: Path, engine: str) -> None:
    disk = tmp_path / "disk"
    if mount_small_disk(disk, "96m"):  # two sites (the published one, the staged one) and the cache
        try:
            project = disk / "p"
            shutil.copytree(base, project, symlinks=True)
            site = project / "site"
            good = manifest(site)
            free = shutil.disk_usage(disk).free
            with (disk / "lap-day").open("wb") as filler:  # leave ~200 kB: the build cannot finish
                filler.write(b"\0" * max(0, free - 200_000))
            result = build(project, engine)
            assert_fault(result, "Ổ đĩa đã đầy")
            assert manifest(site) == good and no_staging(project)
            (disk / "lap-day").unlink()
            assert build(project, engine).returncode == 0  # room again: the next build succeeds
        finally:
            subprocess.run(["umount", "-l", str(disk)], check=False)
        return
    # mount refused (not root, a container without CAP_SYS_ADMIN): a disk full after a few writes
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    good = manifest(project / "site")
    os.environ["CCHC_TEST_WRITES"] = "3"
    try:
        result = build(project, engine, python=[sys.executable, "-c", ENOSPC_AFTER])
    finally:
        del os.environ["CCHC_TEST_WRITES"]
    assert_fault(result, "Ổ đĩa đã đầy")
    assert manifest(project / "site") == good and no_staging(project)
