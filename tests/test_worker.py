"""The background worker, page shells and publishing helpers, on their own."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cchc.build import publish, worker
from cchc.build.worker import Receive, Worker, WorkerError, can_fork
from cchc.rendering.shell import Shell, sentinel


@pytest.fixture(autouse=True)
def single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Earlier tests of the session may leave idle server threads behind; a build has none."""
    monkeypatch.setattr(worker.threading, "active_count", lambda: 1)


def test_forked_job_writes_its_files_and_join_waits_for_it(tmp_path: Path) -> None:
    assert can_fork()  # two cores, no other thread: the parallel path
    target = tmp_path / "out.txt"

    def job(receive: Receive) -> None:
        time.sleep(0.2)
        target.write_text(f"{os.getpid()} {receive()}", encoding="utf-8")

    worker = Worker(job, parallel=True)
    assert worker.forked
    worker.send(["trang", "khác"] * 50_000)  # larger than a pipe's buffer: must not block
    assert not target.exists()  # still running beside the caller
    worker.join()
    pid, message = target.read_text(encoding="utf-8").split(" ", 1)
    assert pid != str(os.getpid())  # written by the child
    assert message.startswith("['trang', 'khác', 'trang'")


def test_a_failure_in_the_child_is_raised_at_join_with_its_message(tmp_path: Path) -> None:
    def job(receive: Receive) -> None:
        raise ValueError("chỉ mục hỏng")

    worker = Worker(job, parallel=True)
    worker.send(None)
    with pytest.raises(WorkerError) as raised:
        worker.join()
    assert "ValueError: chỉ mục hỏng" in str(raised.value)


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker.threading, "active_count", lambda: 2)  # as under `mkdocs serve`
    assert not can_fork()
    assert not Worker(lambda receive: None, parallel=True).forked


def test_join_without_send_fails_instead_of_waiting_forever() -> None:
    worker = Worker(lambda receive: receive(), parallel=True)
    with pytest.raises(WorkerError, match="trước khi gửi dữ liệu"):
        worker.join()


def test_without_parallel_the_job_runs_in_process_at_join_and_raises_directly() -> None:
    ran: list[tuple[int, object]] = []
    worker = Worker(lambda receive: ran.append((os.getpid(), receive())), parallel=False)
    worker.send("thư")
    assert ran == [] and not worker.forked
    worker.join()
    assert ran == [(os.getpid(), "thư")]

    def job(receive: Receive) -> None:
        raise ValueError("lỗi")

    failing = Worker(job, parallel=False)
    with pytest.raises(ValueError, match="lỗi"):
        failing.join()


def test_cancel_stops_the_child_before_it_writes(tmp_path: Path) -> None:
    target = tmp_path / "late.txt"

    def job(receive: Receive) -> None:
        time.sleep(2)
        target.write_text("muộn", encoding="utf-8")

    worker = Worker(job, parallel=True)
    worker.send("x")
    worker.cancel()
    time.sleep(0.1)
    assert not target.exists()
    worker.join()  # after cancel: nothing left to wait for


# --- page shells -------------------------------------------------------------------------


def test_shell_fills_every_hole_with_its_value() -> None:
    shell = Shell.parse(
        f"<title>{sentinel('title')} - Xã</title><h1>{sentinel('title')}</h1>{sentinel('content')}"
    )
    assert shell.names == {"title", "content"}
    assert shell.is_clean()
    assert shell.fill({"title": "Tin & <bài>", "content": "<p>Nội dung</p>"}) == (
        "<title>Tin & <bài> - Xã</title><h1>Tin & <bài></h1><p>Nội dung</p>"
    )
    with pytest.raises(KeyError):
        shell.fill({"title": "thiếu nội dung"})


def test_a_sentinel_changed_by_a_filter_makes_the_shell_unusable() -> None:
    cut = sentinel("title")[:-1]  # e.g. truncated by a template filter
    assert not Shell.parse(f"<p>{cut}</p>").is_clean()


# --- publishing ----------------------------------------------------------------------------


def test_swap_publishes_the_new_site_and_removes_the_old_one_in_the_background(tmp_path: Path) -> None:
    target, staging = tmp_path / "site", publish.staging_dir(tmp_path / "site")
    (target / "cu").mkdir(parents=True)
    (target / "cu" / "index.html").write_text("cũ", encoding="utf-8")
    staging.mkdir()
    (staging / "index.html").write_text("mới", encoding="utf-8")
    publish.swap_into_place(staging, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "mới"  # published at once
    assert not staging.exists()
    deadline = time.monotonic() + 30
    while publish.old_dirs(target) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert publish.old_dirs(target) == []  # the replaced site is gone soon after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_replaced_site_left_behind_is_removed_by_the_next_swap(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    leftover = tmp_path / ".site.old-12345"  # a removal cut off by a shutdown
    (leftover / "a").mkdir(parents=True)
    staging = publish.staging_dir(target)
    staging.mkdir()
    publish.swap_into_place(staging, target, wait=True)
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
