"""Work done beside the page loop: a forked process that writes files, joined later.

MkDocs renders pages one at a time, on one core. The outputs built from the records (the
search index, the feeds, the procedure data) do not need the page templates, so a build
on a machine with two or more cores forks a child that writes them into the output
directory while MkDocs reads and renders the pages, and joins it before publishing. The
child starts as soon as the records are ready; what it needs of the pages MkDocs reads
later reaches it as one message (``send``/``receive``). A failure in the child fails the
build with the child's message, like a failure in-process.

Where forking is unsafe or pointless (one core, threads running as in ``mkdocs serve``,
no ``os.fork``), the same job runs in-process when it is joined. Output is the same.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable
from typing import Any

Receive = Callable[[], Any]


class WorkerError(RuntimeError):
    """The background job failed; the message says how (a traceback for a bug)."""


def can_fork() -> bool:
    """Whether a fork is both possible and useful here."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Worker:
    """``job(receive)`` in a forked child, or in-process at ``join`` when not ``parallel``.

    ``receive()`` returns the one message the caller gives to ``send`` (waiting for it).
    """

    def __init__(self, job: Callable[[Receive], None], *, parallel: bool) -> None:
        self._job: Callable[[Receive], None] | None = None
        self._message: Any = None
        self._pid: int | None = None
        self._report_fd: int | None = None
        self._inbox_fd: int | None = None
        self._sent: str | None = None  # the message file, until the child has read it
        if not (parallel and can_fork()):
            self._job = job  # run by join(), after send()
            return
        report_r, report_w = os.pipe()
        inbox_r, inbox_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(report_r)
            os.close(inbox_w)
            _run_child(job, report_w, inbox_r)
        os.close(report_w)
        os.close(inbox_r)
        self._pid, self._report_fd, self._inbox_fd = pid, report_r, inbox_w

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def send(self, message: Any) -> None:
        """Give the job the message its ``receive()`` waits for (once; never blocks)."""
        if self._inbox_fd is None:
            self._message = message
            return
        # Through a file, named on the pipe: a large message never fills the pipe while
        # the child is still busy with its first part.
        with tempfile.NamedTemporaryFile("wb", prefix="cchc-message-", delete=False) as file:
            pickle.dump(message, file, protocol=pickle.HIGHEST_PROTOCOL)
        self._sent = file.name
        with contextlib.suppress(OSError):
            os.write(self._inbox_fd, file.name.encode())
        os.close(self._inbox_fd)
        self._inbox_fd = None

    def join(self) -> None:
        """Wait for the job; raise ``WorkerError`` if it failed in the child."""
        if self._job is not None:
            job, self._job = self._job, None
            job(lambda: self._message)  # in-process: an exception propagates as it is
            return
        if self._pid is None or self._report_fd is None:
            return
        if self._inbox_fd is not None:  # never sent: let receive() fail rather than hang
            os.close(self._inbox_fd)
            self._inbox_fd = None
        with os.fdopen(self._report_fd, "rb") as pipe:
            report = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self._pid, 0)
        self._pid = self._report_fd = None
        if os.waitstatus_to_exitcode(status) != 0:
            raise WorkerError(report or f"tiến trình phụ dừng bất thường (mã {status})")

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and wait until it is gone."""
        self._job = None
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        for fd in (self._report_fd, self._inbox_fd):
            if fd is not None:
                os.close(fd)
        if self._sent is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._sent)
        self._pid = self._report_fd = self._inbox_fd = self._sent = None


def _receiver(inbox_fd: int) -> Receive:
    def receive() -> Any:
        with os.fdopen(inbox_fd, "rb") as pipe:
            name = pipe.read().decode()
        if not name:
            raise WorkerError("tiến trình chính dừng trước khi gửi dữ liệu cho tiến trình phụ")
        try:
            with open(name, "rb") as file:
                return pickle.load(file)
        finally:
            os.unlink(name)

    return receive


def _run_child(job: Callable[[Receive], None], write_fd: int, inbox_fd: int) -> None:
    code = 0
    try:
        job(_receiver(inbox_fd))
    except BaseException as error:
        code = 1
        report = str(error) if isinstance(error, WorkerError) else traceback.format_exc()
        with contextlib.suppress(OSError):
            os.write(write_fd, report.encode("utf-8", "replace")[:60000])  # one pipe buffer
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
