"""Faults of the machine, told to an official in Vietnamese; the traceback for developers.

A build can fail for reasons that are nobody's content: the disk is full, a folder is not
writable by the account that builds, ``.cache/`` is a file, a file vanished or cannot be
read. ``report`` turns such an error (``OSError``, ``sqlite3.Error``, ``MemoryError``, or a
``BuildFault`` raised by the package itself) into one message that says what happened, to
which file and what to do, and writes the Python traceback to a log file that the message
names (``.cache/cchc-loi.log``, or the system's temporary folder when ``.cache/`` cannot
be written). The caller prints the message and exits with a non-zero status; publishing
(``publish.py``) makes sure the site that was published stays as it was.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

LOG_NAME = "cchc-loi.log"
LOG_LIMIT = 1_000_000  # bytes: an older log is replaced, not appended to
MACHINE_FAULTS: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, MemoryError)


class BuildFault(Exception):
    """A fault that is not in the content, already worded for the official (Vietnamese)."""


def is_fault(error: BaseException) -> bool:
    """Whether ``error`` is a machine fault this module words (else: a bug, or content)."""
    return isinstance(error, (BuildFault, *MACHINE_FAULTS)) or isinstance(error.__cause__, sqlite3.Error)


_FULL = "Hãy giải phóng dung lượng ổ đĩa (xóa tệp không cần, hoặc thư mục .cache/) rồi dựng lại trang."
_PERMISSION = (
    "Hãy chạy lệnh dựng trang bằng tài khoản sở hữu thư mục dự án, "
    "hoặc nhờ người quản trị cấp quyền ghi cho tài khoản này."
)
_ERRNO_TEXT: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("Ổ đĩa đã đầy, không ghi được {path}.", _FULL),
    errno.EDQUOT: ("Đã dùng hết hạn mức dung lượng ổ đĩa của tài khoản, không ghi được {path}.", _FULL),
    errno.EACCES: ("Không có quyền đọc hoặc ghi {path}.", _PERMISSION),
    errno.EPERM: ("Hệ điều hành không cho phép thao tác trên {path}.", _PERMISSION),
    errno.EROFS: (
        "Ổ đĩa chứa {path} chỉ cho phép đọc.",
        "Hãy dựng trang trên một ổ đĩa ghi được, hoặc nhờ người quản trị gắn lại ổ đĩa cho phép ghi.",
    ),
    errno.ENOENT: (
        "Không tìm thấy tệp hoặc thư mục {path}.",
        "Hãy kiểm tra tệp còn đó (không bị xóa hay đổi tên trong lúc dựng trang) rồi dựng lại.",
    ),
    errno.ENOTDIR: (
        "{path} (hoặc một thư mục chứa nó) là một tệp, nhưng ở đây cần một thư mục.",
        "Hãy đổi tên hoặc xóa tệp đó rồi dựng lại trang.",
    ),
    errno.EISDIR: (
        "{path} là một thư mục, nhưng ở đây cần một tệp.",
        "Hãy đổi tên hoặc xóa thư mục đó rồi dựng lại trang.",
    ),
    errno.EEXIST: ("Đã có sẵn {path} (thư mục hay tệp khác loại).", "Hãy đổi tên hoặc xóa nó rồi dựng lại."),
    errno.ELOOP: (
        "{path} là một liên kết tượng trưng vòng tròn (trỏ về chính nó).",
        "Hãy xóa liên kết đó.",
    ),
    errno.EIO: (
        "Lỗi đọc/ghi ổ đĩa khi dùng {path} (ổ đĩa có thể bị hỏng).",
        "Hãy báo người quản trị kiểm tra ổ đĩa; dựng lại trang sau khi ổ đĩa được sửa.",
    ),
    errno.EMFILE: (
        "Chương trình mở quá nhiều tệp cùng lúc ({path}).",
        "Hãy dựng lại trang; nếu lặp lại, báo người quản trị.",
    ),
    errno.ENFILE: ("Máy đang mở quá nhiều tệp cùng lúc ({path}).", "Hãy dựng lại trang sau ít phút."),
    errno.ENOMEM: ("Máy không đủ bộ nhớ ({path}).", "Hãy đóng bớt chương trình khác rồi dựng lại trang."),
    errno.ENAMETOOLONG: ("Tên tệp quá dài: {path}.", "Hãy đặt tên tệp ngắn hơn."),
}

# Primary SQLite result codes (``sqlite_errorcode & 0xFF``).
_SQLITE_FULL, _SQLITE_IOERR, _SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM = 13, 10, 8, 14, 3


def describe(error: BaseException, root: Path | None = None) -> str:
    """One Vietnamese message for ``error``: what happened and what to do."""
    if isinstance(error, BuildFault):
        return str(error)
    if isinstance(error, MemoryError):
        return "Máy không đủ bộ nhớ để dựng trang. Hãy đóng bớt chương trình khác rồi dựng lại trang."
    if isinstance(error, OSError):
        return _describe_os(error, root)
    cause = error if isinstance(error, sqlite3.Error) else error.__cause__
    if isinstance(cause, sqlite3.Error):
        return _describe_sqlite(cause, root)
    return f"Lỗi không mong đợi khi dựng trang ({type(error).__name__})."


def _describe_os(error: OSError, root: Path | None) -> str:
    names = [shown_path(p, root) for p in (error.filename, error.filename2) if p not in (None, "")]
    path = " → ".join(f"«{n}»" for n in names) or "một tệp của dự án"
    code = error.errno or 0
    if code in _ERRNO_TEXT:
        what, fix = _ERRNO_TEXT[code]
        return f"{what.format(path=path)} {fix}"
    name = errno.errorcode.get(code, str(code))
    return (
        f"Lỗi hệ thống khi dùng {path} ({name}: {error.strerror or error}). "
        "Hãy dựng lại trang; nếu lặp lại, báo người quản trị."
    )


def _describe_sqlite(error: sqlite3.Error, root: Path | None) -> str:
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    cache = f"«{shown_path(root / '.cache', root)}»" if root is not None else "«.cache/»"
    if code == _SQLITE_FULL:
        return f"Ổ đĩa đã đầy, không ghi được bộ nhớ đệm trong {cache}. {_FULL}"
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        return f"Không mở hoặc không ghi được bộ nhớ đệm trong {cache}. {_PERMISSION}"
    if code == _SQLITE_IOERR:
        return (
            f"Lỗi đọc/ghi ổ đĩa khi dùng bộ nhớ đệm trong {cache}. "
            f"Hãy xóa thư mục {cache} rồi dựng lại trang."
        )
    return (
        f"Bộ nhớ đệm trong {cache} bị hỏng ({error}). Trang đã xuất bản không bị thay đổi; "
        f"hãy xóa thư mục {cache} rồi dựng lại trang (bộ nhớ đệm sẽ được tạo lại)."
    )


def shown_path(path: str | bytes | os.PathLike[str], root: Path | None) -> str:
    """``path`` relative to the project when it is inside it (what an official recognises)."""
    text = os.fsdecode(path)
    if root is not None:
        try:
            return Path(text).resolve().relative_to(root.resolve()).as_posix() or "."
        except (ValueError, OSError):
            pass
    return text


def log_path(root: Path | None) -> Path:
    """Where tracebacks go: ``.cache/cchc-loi.log`` of the project, when it can be written."""
    if root is not None:
        cache = root / ".cache"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            if os.access(cache, os.W_OK):
                return cache / LOG_NAME
        except OSError:
            pass
    return Path(tempfile.gettempdir()) / f"cchc-loi-{os.getuid() if hasattr(os, 'getuid') else 0}.log"


def write_log(error: BaseException, root: Path | None, during: str = "") -> Path | None:
    """Append the traceback of ``error`` to the developers' log; the log's path (``None``
    when no log could be written: a full disk, for one)."""
    return _append_log("".join(traceback.format_exception(error)), root, during)


def _append_log(text: str, root: Path | None, during: str) -> Path | None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    entry = f"--- {stamp} pid {os.getpid()} {during}\n{text}\n"
    for path in dict.fromkeys((log_path(root), log_path(None))):
        try:
            mode = "w" if path.is_file() and path.stat().st_size > LOG_LIMIT else "a"
            with path.open(mode, encoding="utf-8") as log:
                log.write(entry)
            return path
        except OSError:
            continue
    return None


TRACEBACK = "Traceback (most recent call last):"
_ERRNO_LINE = re.compile(r"^(\w+Error): \[Errno (\d+)\] ([^:\n]*)(?:: '([^'\n]*)')?", re.M)


def report_text(trace: str, root: Path | None, during: str) -> str:
    """``report`` for a traceback printed by another process (the engine of a plain build)."""
    found = list(_ERRNO_LINE.finditer(trace))
    if found:
        code, strerror, filename = int(found[-1][2]), found[-1][3], found[-1][4]
        error: BaseException = OSError(code, strerror, filename) if filename else OSError(code, strerror)
    else:
        error = RuntimeError(trace.strip().splitlines()[-1] if trace.strip() else "")
    message = describe(error, root) if found else "Công cụ dựng trang dừng vì một lỗi không mong đợi."
    log = _append_log(f"{trace}\n", root, during)
    return unicodedata.normalize("NFC", f"{message}\n{_where(log, root)}")


def _where(log: Path | None, root: Path | None) -> str:
    if log is None:
        return "Không ghi được tệp nhật ký lỗi (ổ đĩa đầy hoặc không có quyền ghi)."
    return f"Chi tiết kỹ thuật cho người quản trị đã được ghi vào tệp {shown_path(log, root)}."


def report(error: BaseException, root: Path | None, during: str = "") -> str:
    """The message for the official, with where the developers' log is; writes the log."""
    message = describe(error, root)
    if isinstance(error, BuildFault) and error.__cause__ is None:
        return unicodedata.normalize("NFC", message)  # no traceback worth keeping
    log = write_log(error, root, during)
    return unicodedata.normalize("NFC", f"{message}\n{_where(log, root)}")


def guarded(event: Callable[P, R], root: Callable[[], Path | None], wrap: type[Exception]) -> Callable[P, R]:
    """``event`` raising ``wrap(message)`` (MkDocs: ``PluginError``, printed without a
    traceback) instead of a machine fault; the traceback goes to the developers' log."""

    @functools.wraps(event)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return event(*args, **kwargs)
        except Exception as error:
            if not is_fault(error):
                raise
            raise wrap(report(error, root(), getattr(event, "__name__", ""))) from None

    return run


# --- the cache: entries of the wrong kind, a damaged database ---------------------------------

CACHE_FOLDERS = ("jinja", "qr", "images")
CACHE_DATABASE = "render.sqlite3"


def check_cache(root: Path) -> list[str]:
    """Make ``.cache/`` usable before a build; a Vietnamese warning for each repair.

    ``.cache`` being a file is left alone (it may not be ours): the build runs without a
    cache. Inside it, an entry of the wrong kind (``render.sqlite3`` a folder, ``qr`` a
    file) or a database that fails SQLite's ``quick_check`` is deleted, to be made again:
    a damaged cache never changes what is published, it only costs time once.
    """
    cache = root / ".cache"
    shown = shown_path(cache, root)
    if cache.is_symlink() or (cache.exists() and not cache.is_dir()):
        return [
            f"«{shown}» không phải là thư mục: dựng trang không dùng bộ nhớ đệm (chậm hơn). "
            f"Hãy xóa «{shown}»."
        ]
    if not cache.is_dir():
        return []
    if not os.access(cache, os.W_OK | os.X_OK):
        return [
            f"Không có quyền ghi vào «{shown}»: dựng trang không dùng bộ nhớ đệm (chậm hơn). {_PERMISSION}"
        ]
    warnings = []
    for name in CACHE_FOLDERS:
        path = cache / name
        if (path.exists() or path.is_symlink()) and (path.is_symlink() or not path.is_dir()):
            warnings += _drop(path, root, "không phải là thư mục")
    database = cache / CACHE_DATABASE
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{database}{suffix}")
        if path.is_symlink() or path.is_dir():
            warnings += _drop(path, root, "không phải là tệp")
    if database.is_file():
        problem = _database_problem(database)
        if problem:
            warnings += _drop(database, root, f"bị hỏng ({problem})")
    return warnings


def _database_problem(path: Path) -> str:
    """Why the render cache cannot be trusted ('' when it passes ``quick_check``)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:  # not a database
        return str(error)
    except sqlite3.Error:
        return ""  # locked or unreadable: the build's own opening decides
    result = "; ".join(str(row[0]) for row in rows[:3])
    return "" if result == "ok" else result


def _drop(path: Path, root: Path, why: str) -> list[str]:
    shown = shown_path(path, root)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        if path.name.startswith(CACHE_DATABASE):
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{root / '.cache' / CACHE_DATABASE}{suffix}").unlink(missing_ok=True)
    except OSError:
        return [f"Bộ nhớ đệm «{shown}» {why} và không xóa được: hãy xóa nó bằng tay."]
    return [f"Bộ nhớ đệm «{shown}» {why}: đã xóa, sẽ được tạo lại (lần dựng này chậm hơn)."]


# --- the command line ---------------------------------------------------------------------------


def run_command(root: Path, command: Callable[[], int]) -> int:
    """``command()``'s exit status; a machine fault is a Vietnamese message and status 1,
    any other error (a bug) a message and status 2, with the traceback in the log."""
    try:
        return command()
    except Exception as error:
        if is_fault(error):
            print(report(error, root, "command"), file=sys.stderr)
            return 1
        log = write_log(error, root, "command")
        print(
            "Lỗi của chương trình dựng trang (không phải lỗi nội dung); trang đã xuất bản giữ nguyên. "
            f"Hãy báo cho nhà phát triển. {_where(log, root)}",
            file=sys.stderr,
        )
        return 2


def die_with_parent() -> Callable[[], None] | None:
    """For ``subprocess``'s ``preexec_fn`` (Linux): the engine is killed with the build
    (``kill -9`` of the build leaves no engine writing on)."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def run() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the build died before prctl
            os._exit(1)

    return run
