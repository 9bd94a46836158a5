"""The background worker, page shells and publishing helpers, on their own."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cchc import publish
from cchc.shell import Shell, sentinel
from cchc.worker import Worker, WorkerError, can_fork


def test_forked_job_writes_its_files_and_join_waits_for_it(tmp_path: Path) -> None:
    assert can_fork()  # two cores, no threads: the test machine takes the parallel path
    target = tmp_path / "out.txt"

    def job() -> None:
        time.sleep(0.2)
        target.write_text(str(os.getpid()), encoding="utf-8")

    worker = Worker(job, parallel=True)
    assert worker.forked
    assert not target.exists()  # still running beside the caller
    worker.join()
    assert target.read_text(encoding="utf-8") != str(os.getpid())  # written by the child


def test_a_failure_in_the_child_is_raised_at_join_with_its_message(tmp_path: Path) -> None:
    def job() -> None:
        raise ValueError("chỉ mục hỏng")

    worker = Worker(job, parallel=True)
    with pytest.raises(WorkerError) as raised:
        worker.join()
    assert "ValueError: chỉ mục hỏng" in str(raised.value)


def test_without_parallel_the_job_runs_at_once_and_raises_directly() -> None:
    ran: list[int] = []
    worker = Worker(lambda: ran.append(os.getpid()), parallel=False)
    assert ran == [os.getpid()] and not worker.forked
    worker.join()  # nothing to wait for

    def job() -> None:
        raise ValueError("lỗi")

    with pytest.raises(ValueError, match="lỗi"):
        Worker(job, parallel=False)


def test_cancel_stops_the_child_before_it_writes(tmp_path: Path) -> None:
    target = tmp_path / "late.txt"

    def job() -> None:
        time.sleep(2)
        target.write_text("muộn", encoding="utf-8")

    worker = Worker(job, parallel=True)
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
