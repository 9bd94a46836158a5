"""The preview's builds after a save (``cchc.preview.builder.Rebuilder``): a saved post is
built into the folder being served, with every page it changes and nothing else; any other
change, or a failed build, makes a whole new folder; a broken save leaves the folder as it was."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path

import pytest

from cchc.build.pipeline import SiteBuild
from cchc.preview.builder import Outcome, Rebuilder
from conftest import NOW, make_project, post

pytestmark = pytest.mark.slow


def _post(title: str, slug: str, body: str, date: str = "2024-03-05") -> str:
    return post(title, date=date, extra=f"slug: {slug}\ntags: [Một cửa]\n", body=body)


def _one_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the one post ``posts/2024/a.md`` (returned), built at ``NOW``."""
    monkeypatch.setenv("CCHC_NOW", NOW)
    project = make_project(tmp_path / "p", posts={"2024/a.md": _post("Bài A", "bai-a", "Bản một.\n")})
    return project / "posts/2024/a.md"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_saved_posts_update_the_served_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_NOW", NOW)
    posts = {
        "2024/a.md": _post("Bài A", "bai-a", "Bản một của bài A.\n"),
        "2024/b.md": _post("Bài B", "bai-b", "Nội dung bài B.\n", date="2023-01-10"),
        "2024/c.md": _post("Bài C", "bai-c", "Bài sẽ bị xoá.\n"),
    }
    project = make_project(tmp_path / "p", posts=posts)
    shown: list[Outcome] = []
    rebuilder = Rebuilder(project, "http://127.0.0.1:8000/cchc/", shown.append)
    try:
        site = rebuilder.build().site
        assert site is not None and "Bài C" in _text(site / "tin-tuc/index.html")
        untouched = site / "tin-tuc/bai-b/index.html"
        before = untouched.stat().st_mtime_ns

        a, c = project / "posts/2024/a.md", project / "posts/2024/c.md"
        a.write_text(_post("Bài A đã sửa", "bai-a", "Bản hai của bài A.\n"), encoding="utf-8")
        c.unlink()
        outcome = rebuilder.build([str(a), str(c)])
        assert outcome.site == site  # written where the preview already serves from
        assert rebuilder.session.posts.reused == 1 and rebuilder.session.post_pages.reused == 1  # b.md
        page = _text(site / "tin-tuc/bai-a/index.html")
        assert "Bản hai của bài A." in page and "Bài A đã sửa" in page and "Bản một" not in page
        listing = _text(site / "tin-tuc/index.html")
        assert "Bài A đã sửa" in listing and "Bài C" not in listing
        assert "Bài A đã sửa" in _text(site / "tin-tuc/chu-de/mot-cua/index.html")
        assert not (site / "tin-tuc/bai-c/index.html").exists()
        assert untouched.stat().st_mtime_ns == before  # a page the save did not change is left
        assert "Bài A đã sửa" in _text(site / "rss.xml")  # the outputs follow the page
        assert shown[-1].site == site and not shown[-1].problems

        a.write_text(_post("Bài A đã sửa", "bai-a", "Bản hai.\n", date="2024-13-05"), encoding="utf-8")
        broken = rebuilder.build([str(a)])
        assert broken.site is None and [p.field for p in broken.problems] == ["date"]
        assert broken.problems[0].file == "posts/2024/a.md" and broken.problems[0].line == 3
        assert "Bản hai của bài A." in _text(site / "tin-tuc/bai-a/index.html")  # the last good page stays
        a.write_text(_post("Bài A đã sửa", "bai-a", "Bản ba của bài A.\n"), encoding="utf-8")
        fixed = rebuilder.build([str(a)])
        assert fixed.site == site and "Bản ba của bài A." in _text(site / "tin-tuc/bai-a/index.html")

        config = project / "mkdocs.yml"
        config.write_text(_text(config).replace("site_name:", "site_name: Xem trước -", 1), encoding="utf-8")
        renamed = rebuilder.build([str(config)])
        assert renamed.site is not None and renamed.site != site  # a whole new folder
        assert "Xem trước -" in _text(renamed.site / "tin-tuc/bai-b/index.html")
        assert "Bản ba của bài A." in _text(renamed.site / "tin-tuc/bai-a/index.html")
    finally:
        rebuilder.close()


def test_a_save_made_during_a_build_is_built_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _one_post(tmp_path, monkeypatch)
    shown: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        shown.append(outcome)
        if len(shown) == 1:  # the official saves before the first build is shown
            source.write_text(_post("Bài A", "bai-a", "Bản lưu lúc đang dựng.\n"), encoding="utf-8")

    rebuilder = Rebuilder(source.parents[2], "http://127.0.0.1:8000/cchc/", report)
    watcher = threading.Thread(target=rebuilder.watch, daemon=True)
    try:
        site = rebuilder.build().site
        watcher.start()
        deadline = time.monotonic() + 120
        while len(shown) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(shown) == 2 and shown[1].site == site, "the save made during the build was not built"
        assert site is not None and "Bản lưu lúc đang dựng." in _text(site / "tin-tuc/bai-a/index.html")
    finally:
        rebuilder.stop.set()
        watcher.join(timeout=30)
        rebuilder.close()


def test_outputs_that_fail_are_told_and_the_next_build_makes_a_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _one_post(tmp_path, monkeypatch)
    shown: list[Outcome] = []
    rebuilder = Rebuilder(source.parents[2], "http://127.0.0.1:8000/cchc/", shown.append)
    try:
        site = rebuilder.build().site

        def disk_full(self: SiteBuild) -> dict[str, bytes]:
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(SiteBuild, "outputs", disk_full)
            source.write_text(_post("Bài A", "bai-a", "Bản hai.\n"), encoding="utf-8")
            failed = rebuilder.build([str(source)])
        assert shown[-2].site == site  # the page was shown, then its outputs failed
        assert failed.site is None and failed.message is not None
        assert "dung lượng ổ đĩa" in failed.message and shown[-1] is failed
        source.write_text(_post("Bài A", "bai-a", "Bản ba.\n"), encoding="utf-8")
        again = rebuilder.build([str(source)])
        assert again.site is not None and again.site != site  # the half-written folder is left
        assert "Bản ba." in _text(again.site / "tin-tuc/bai-a/index.html")
        assert (again.site / "rss.xml").is_file()
    finally:
        rebuilder.close()
