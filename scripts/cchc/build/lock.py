"""One build of a checkout at a time: ``flock`` on ``.cchc-build.lock`` beside the site.

Taken by ``publish.Publication`` before the content is read; released when the build ends
or its process dies (the kernel drops the lock: a killed build leaves no stale lock). A
second build waits, saying so, up to ``CCHC_BUILD_LOCK_WAIT`` seconds (600 by default;
0: refuse at once), then stops with a message.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cchc.build.faults import BuildFault

LOCK_NAME = ".cchc-build.lock"
LOCK_WAIT_ENV = "CCHC_BUILD_LOCK_WAIT"
LOCK_WAIT_DEFAULT = 600.0


class BuildLock:
    """``flock`` on ``.cchc-build.lock`` beside the site, for the whole build: released
    when the build ends, or when its process dies (killed builds leave no stale lock)."""

    def __init__(self, target: Path, wait: float | None = None, notify: Callable[[str], None] | None = None):
        self.path = target.parent / LOCK_NAME
        if wait is None:
            wait = float(os.environ.get(LOCK_WAIT_ENV) or LOCK_WAIT_DEFAULT)
        say = notify or (lambda text: print(text, file=sys.stderr, flush=True))
        self.fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o664)
        try:
            self._take(wait, say)
            os.ftruncate(self.fd, 0)
            os.write(self.fd, f"{os.getpid()}\n".encode())
        except BaseException:
            self.release()
            raise

    def _take(self, wait: float, say: Callable[[str], None]) -> None:
        assert self.fd is not None
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            other = self._holder()
            if time.monotonic() >= deadline:
                raise BuildFault(
                    f"Một lần dựng trang khác đang chạy{other} và chưa xong sau {wait:g} giây: "
                    "lần dựng này dừng lại, trang đã xuất bản giữ nguyên. Hãy đợi lần dựng kia "
                    f"xong rồi dựng lại (khóa: {self.path})."
                )
            if not told:
                say(f"Một lần dựng trang khác đang chạy{other}; đang chờ nó xong (tối đa {wait:g} giây)…")
                told = True
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    def _holder(self) -> str:
        try:
            pid = self.path.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return ""
        return f" (tiến trình {pid})" if pid.isdigit() else ""

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None
