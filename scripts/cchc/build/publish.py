"""Atomic output: build into a staging folder beside the site, switch it in with one step.

At every instant the published folder (``site/``, what the web server serves) is the
complete old site or the complete new one, never a mix nor nothing, even if the build is
killed (``kill -9``, a cancelled CI job, a power cut) at any point:

- **Exchange** (Linux, the default): ``site/`` stays a real folder. The staging folder is
  swapped with it by ``renameat2(RENAME_EXCHANGE)``, one system call; the staging name
  then holds the old site, which is renamed aside and removed.
- **Link** (where the exchange is not available — another system, a file system without
  it — or when ``site`` already is a link into ``.site.versions/``): ``site`` is a symbolic
  link to ``.site.versions/<version>``; a new link is renamed over it (``rename`` replaces
  atomically). The web server must follow symbolic links (docs-dev/architecture.md). The
  first publish after an upgrade from a real ``site/`` folder exchanges it for the link
  where it can; without exchange it takes two renames, once.
- ``site`` being a link somewhere else (``site -> /var/www/cchc``): the folder it points
  to is the one exchanged; the link is left alone.

The data is flushed to disk (``syncfs``) before the switch, so a power cut cannot publish
files that were never written. Everything left behind by a killed build (staging folders,
replaced sites, unused versions, links) is removed at the start of the next build.

Builds of one checkout are serialised by ``BuildLock`` (``flock`` on ``.cchc-build.lock``
beside the site), taken before the content is read: a second build waits for the first,
up to ``CCHC_BUILD_LOCK_WAIT`` seconds (600 by default; 0: refuse at once), telling the
official so, then stops with a message. ``mkdocs serve`` takes no lock: it never publishes.

Removing a replaced site is the slowest part of publishing on some disks (2–8 s at 5 000
posts), so it is done by a detached process after the switch.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cchc.build import compress
from cchc.build.faults import BuildFault
from cchc.build.lock import BuildLock

_OLD_MARK = ".old-"
_LEFTOVER_MARKS = (".building-", _OLD_MARK, ".link-", ".probe-")
SYNC_ENV = "CCHC_PUBLISH_SYNC"  # "0": do not flush to disk before the switch (tests)
FAULT_DELAY_ENV = "CCHC_FAULT_DELAY_PUBLISH"  # seconds to pause at each publish step (tests)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def staging_dir(target: Path) -> Path:
    """A new sibling folder name a build writes into before it is published."""
    return target.with_name(f".{target.name}.building-{os.getpid()}-{secrets.token_hex(3)}")


def versions_dir(target: Path) -> Path:
    """The folder of published versions when ``target`` is a link (``.site.versions``)."""
    return target.with_name(f".{target.name}.versions")


def old_dirs(target: Path) -> list[Path]:
    """Replaced sites of ``target`` not removed yet (``.site.old-<pid>-…``)."""
    prefix = f".{target.name}{_OLD_MARK}"
    parent = target.parent
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir())


def leftovers(target: Path) -> list[Path]:
    """What killed or finished builds left beside ``target``: staging folders, replaced
    sites, links and probes, and versions the link does not point to."""
    parent = target.parent
    if not parent.is_dir():
        return []
    prefixes = tuple(f".{target.name}{mark}" for mark in _LEFTOVER_MARKS)
    found = [p for p in parent.iterdir() if p.name.startswith(prefixes)]
    versions = versions_dir(target)
    if versions.is_dir() and not versions.is_symlink():
        current = Path(os.path.realpath(target)) if target.is_symlink() else None
        found += [p for p in versions.iterdir() if p != current]
    return sorted(found)


def is_version_link(target: Path) -> bool:
    """Whether ``target`` is the link this module switches (into ``.site.versions/``)."""
    if not target.is_symlink():
        return False
    return Path(os.path.realpath(target)).parent == Path(os.path.realpath(versions_dir(target)))


def published_folder(target: Path) -> Path:
    """The folder switched for ``target``: itself, or where a link of someone else points."""
    if target.is_symlink() and not is_version_link(target):
        return Path(os.path.realpath(target))
    return target


# --- the switch ----------------------------------------------------------------------------


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def exchange(a: Path, b: Path) -> None:
    """Swap the two entries ``a`` and ``b`` in one step; ``OSError`` (``ENOSYS`` where
    the system has no such call, ``EINVAL`` on a file system without it) otherwise."""
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def exchange_works(target: Path) -> bool:
    """Whether ``exchange`` works beside ``target`` (tried on two empty folders)."""
    token = f"{os.getpid()}-{secrets.token_hex(3)}"
    a, b = (target.with_name(f".{target.name}.probe-{token}-{x}") for x in "ab")
    try:
        a.mkdir()
        b.mkdir()
        exchange(a, b)
        return True
    except OSError:
        return False
    finally:
        for path in (a, b):
            with contextlib.suppress(OSError):
                path.rmdir()


def _fault_point(step: str) -> None:
    """Tests widen the windows between publish steps (``CCHC_FAULT_DELAY_PUBLISH``)."""
    delay = os.environ.get(FAULT_DELAY_ENV)
    if delay:
        print(f"cchc-publish: {step}", file=sys.stderr, flush=True)
        time.sleep(float(delay))


def flush_to_disk(folder: Path) -> None:
    """Write the file system of ``folder`` to disk (``syncfs``; ``sync`` elsewhere)."""
    if os.environ.get(SYNC_ENV) == "0":
        return
    syncfs = getattr(ctypes.CDLL(None), "syncfs", None) if sys.platform.startswith("linux") else None
    if syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        syncfs(fd)
    finally:
        os.close(fd)


def swap_into_place(staging: Path, target: Path, *, wait: bool = False) -> None:
    """Publish ``staging`` as ``target`` in one atomic step (see the module's text); the
    replaced site and all leftovers are removed, in a detached process unless ``wait``."""
    target = published_folder(target)
    flush_to_disk(staging)
    _fault_point("flushed")
    old = target.with_name(f".{target.name}{_OLD_MARK}{os.getpid()}-{secrets.token_hex(3)}")
    if is_version_link(target):
        _switch_link(staging, target, old)
    elif target.is_dir():
        try:
            exchange(staging, target)
        except OSError as error:
            if error.errno not in _UNSUPPORTED:
                raise
            _switch_link(staging, target, old)  # migration to a link, where exchange is missing
        else:
            _fault_point("exchanged")
            with contextlib.suppress(OSError):  # published; the old site goes with the leftovers
                os.replace(staging, old)
    elif target.exists():
        raise BuildFault(
            f"«{target}» là một tệp, không phải thư mục trang: không xuất bản được. "
            "Hãy đổi tên hoặc xóa tệp đó rồi dựng lại trang."
        )
    elif exchange_works(target):
        os.replace(staging, target)  # the first publish: nothing was served
    else:
        _switch_link(staging, target, old)
    _fault_point("switched")
    with contextlib.suppress(OSError):  # published: what follows is only tidying up
        flush_to_disk(target.parent)
        remove(leftovers(target), wait=wait)


def _switch_link(staging: Path, target: Path, old: Path) -> None:
    """Publish ``staging`` as a version and point the link ``target`` at it."""
    versions = versions_dir(target)
    versions.mkdir(exist_ok=True)
    version = versions / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
    os.replace(staging, version)
    link = target.with_name(f".{target.name}.link-{os.getpid()}-{secrets.token_hex(3)}")
    os.symlink(os.path.relpath(version, target.parent), link)
    _fault_point("linked")
    if target.is_symlink() or not target.exists():
        os.replace(link, target)
        return
    try:  # a real folder becomes the link
        exchange(link, target)
    except OSError as error:
        if error.errno not in _UNSUPPORTED:
            raise
        os.replace(target, old)  # without exchange: the only moment with no site, once
        os.replace(link, target)
    else:
        os.replace(link, old)  # the link's name now holds the old folder


def remove(paths: list[Path], *, wait: bool = False) -> None:
    """Delete files, links and directory trees; trees in a detached process unless ``wait``."""
    trees = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            trees.append(path)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
    if not trees:
        return
    if wait:
        for path in trees:
            shutil.rmtree(path, ignore_errors=True)
        return
    code = "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, ignore_errors=True)"
    subprocess.Popen(
        [sys.executable, "-c", code, *map(str, trees)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


WRITE_THREADS = 8


# A file a build writes: its bytes, or a file to copy there (a cached picture, never read
# into memory: thousands of share cards).
Output = bytes | Path


def output_bytes(output: Output) -> bytes:
    return output.read_bytes() if isinstance(output, Path) else output


def _write_output(path: Path, output: Output) -> None:
    if isinstance(output, Path):
        shutil.copyfile(output, path)
    else:
        path.write_bytes(output)


def write_files(site: Path, outputs: Mapping[str, Output]) -> None:
    """Write ``{site-relative path: bytes or file to copy}`` under ``site``, several files at a time.

    Creating a file costs 0.02–0.3 ms here, and up to ~1.2 ms within a minute of many
    files being removed (ext4 without a journal skips recently freed inodes one by one);
    the search index alone is thousands of small files, so threads overlap those waits.
    """
    for folder in sorted({(site / rel).parent for rel in outputs}):
        folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for _ in pool.map(lambda item: _write_output(site / item[0], item[1]), outputs.items()):
            pass  # re-raises the first error


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def cache_dir(root: Path) -> Path:
    """``.cache/`` beside ``mkdocs.yml``: what a build keeps for the next one (deletable)."""
    return root / ".cache"


def writable_dir(path: Path) -> bool:
    """Make ``path`` if needed; whether the build can write there (a cache it cannot
    write only costs time)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


# --- one build at a time: BuildLock (lock.py) ---------------------------------------------


def _check_writable(folder: Path, what: str) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BuildFault(
            f"Không có quyền ghi vào {what} «{folder}»: không xuất bản được, trang đã xuất bản "
            "giữ nguyên. Hãy chạy lệnh dựng trang bằng tài khoản sở hữu thư mục này, hoặc nhờ "
            "người quản trị cấp quyền ghi."
        )


class Publication:
    """One build's way to the published site: the lock, the staging folder, the switch.

    Made before the build reads anything: it waits for (or refuses) a concurrent build,
    checks that the site can be replaced (folder permissions) and clears what killed builds
    left. ``finish`` publishes atomically; ``fail`` (or any failure) leaves the site as it was.
    """

    def __init__(
        self, target: Path, *, wait: float | None = None, notify: Callable[[str], None] | None = None
    ) -> None:
        self.target = Path(os.path.abspath(target))
        self.failed = False
        self.lock: BuildLock | None = None
        folder = published_folder(self.target)
        if not folder.parent.is_dir():
            raise BuildFault(f"Không có thư mục «{folder.parent}» để xuất bản trang vào đó.")
        _check_writable(folder.parent, "thư mục chứa trang")
        self.lock = BuildLock(self.target, wait, notify)
        try:
            if folder.is_dir() and not folder.is_symlink():
                _check_writable(folder, "thư mục trang đã xuất bản")
            remove(leftovers(folder))
        except BaseException:
            self.close()
            raise
        self.staging = staging_dir(folder)

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Leaving by an exception fails the build; leaving releases the lock."""
        if kind is not None:
            self.fail()
        self.close()

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def fail(self) -> None:
        self.failed = True
        discard(self.staging)

    def finish(self) -> bool:
        """Publish the staged site; ``False`` (and nothing published) after a failure.
        A fault while publishing (a full disk) is raised, with the site as it was."""
        try:
            if self.failed or not self.staging.exists():
                discard(self.staging)
                return False
            try:
                compress.precompress(self.staging)  # .gz copies for nginx gzip_static (deploy/)
                swap_into_place(self.staging, self.target)
            except BaseException:
                self.failed = True
                discard(self.staging)
                raise
            return True
        finally:
            self.close()
