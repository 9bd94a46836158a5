"""Work done beside the page loop: a forked process that writes files, joined later.

MkDocs renders pages one at a time, on one core. The outputs built from the records (the
search index, the feeds, the procedure data) do not need the page templates, so a build
on a machine with two or more cores forks a child that writes them into the output
directory while MkDocs renders the pages, and joins it before publishing. A failure in
the child fails the build with the child's message, like a failure in-process.

Where forking is unsafe or pointless (one core, threads running as in ``mkdocs serve``,
no ``os.fork``), the same job runs in-process, at once. Output is the same either way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import traceback
from collections.abc import Callable


class WorkerError(RuntimeError):
    """The background job failed; the message says how (a traceback for a bug)."""


def can_fork() -> bool:
    """Whether a fork is both possible and useful here."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Worker:
    """``job`` running in a forked child (or run at once, in-process, when not ``parallel``)."""

    def __init__(self, job: Callable[[], None], *, parallel: bool) -> None:
        self._pid: int | None = None
        self._read_fd: int | None = None
        if not (parallel and can_fork()):
            job()  # in-process: an exception propagates to the caller as it is
            return
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read_fd)
            _run_child(job, write_fd)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def join(self) -> None:
        """Wait for the child; raise ``WorkerError`` if its job failed."""
        if self._pid is None or self._read_fd is None:
            return
        with os.fdopen(self._read_fd, "rb") as pipe:
            report = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._read_fd = None
        if os.waitstatus_to_exitcode(status) != 0:
            raise WorkerError(report or f"tiến trình phụ dừng bất thường (mã {status})")

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and wait until it is gone."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        if self._read_fd is not None:
            os.close(self._read_fd)
        self._pid = self._read_fd = None


def _run_child(job: Callable[[], None], write_fd: int) -> None:
    code = 0
    try:
        job()
    except BaseException as error:
        code = 1
        report = str(error) if isinstance(error, WorkerError) else traceback.format_exc()
        with contextlib.suppress(OSError):
            os.write(write_fd, report.encode("utf-8", "replace")[:60000])  # one pipe buffer
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
