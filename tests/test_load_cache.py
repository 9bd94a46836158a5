"""The preview's posts read once (``cchc.posts.load_cache``): a saved post is read again,
the others are not, and nothing a file, its images or the clock changed is ever missed."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from cchc.core.problems import ContentError
from cchc.core.settings import load_settings
from cchc.posts.load_cache import LoadCache
from cchc.posts.loading import load_posts
from conftest import NOW, make_project, post

NOW_TIME = datetime.fromisoformat(NOW)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 60)).save(out, "PNG")
    return out.getvalue()


def _titles(project: Path, cache: LoadCache, now: datetime = NOW_TIME) -> list[str]:
    return sorted(p.title for p in load_posts(load_settings(project), now, cache=cache).published)


def test_a_saved_post_is_read_again_and_the_others_are_kept(tmp_path: Path) -> None:
    posts = {"2024/a.md": post("Bài A", body="Bản một.\n"), "2024/b.md": post("Bài B")}
    project = make_project(tmp_path / "p", posts=posts)
    cache = LoadCache()
    assert _titles(project, cache) == ["Bài A", "Bài B"] and cache.reused == 0
    (project / "posts/2024/a.md").write_text(post("Bài A đã sửa", body="Bản hai.\n"), encoding="utf-8")
    published = load_posts(load_settings(project), NOW_TIME, cache=cache).published
    assert cache.reused == 1  # b.md only
    assert sorted(p.title for p in published) == ["Bài A đã sửa", "Bài B"]
    assert next(p for p in published if p.title == "Bài A đã sửa").body.strip() == "Bản hai."
    (project / "posts/2024/b.md").unlink()
    assert _titles(project, cache) == ["Bài A đã sửa"] and cache.reused == 1


def test_an_image_replaced_beside_a_post_is_checked_again(tmp_path: Path) -> None:
    body = "Ảnh hiện trường:\n\n![Bộ phận một cửa](anh.png)\n"
    project = make_project(
        tmp_path / "p", posts={"2024/a.md": post("Bài có ảnh", body=body), "2024/anh.png": _png()}
    )
    cache = LoadCache()
    assert _titles(project, cache) == ["Bài có ảnh"]
    (project / "posts/2024/anh.png").write_bytes(b"not an image at all")
    with pytest.raises(ContentError) as error:
        load_posts(load_settings(project), NOW_TIME, cache=cache)
    assert "anh.png" in error.value.report() and "không phải là ảnh hợp lệ" in error.value.report()
    (project / "posts/2024/anh.png").write_bytes(_png())
    assert _titles(project, cache) == ["Bài có ảnh"]


def test_a_post_with_an_error_is_never_kept(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post("Bài A", body="![Ảnh](chua-co.png)\n")})
    cache = LoadCache()
    for _ in range(2):
        with pytest.raises(ContentError) as error:
            load_posts(load_settings(project), NOW_TIME, cache=cache)
        assert "chua-co.png" in error.value.report()
    (project / "posts/2024/chua-co.png").write_bytes(_png())  # the post file itself is unchanged
    assert _titles(project, cache) == ["Bài A"]


def test_a_scheduled_post_is_published_when_its_time_comes(tmp_path: Path) -> None:
    later = post("Bài hẹn giờ", date="2026-11-26 08:00")
    project = make_project(tmp_path / "p", posts={"2026/a.md": later, "2024/b.md": post("Bài B")})
    cache = LoadCache()
    assert _titles(project, cache) == ["Bài B"]
    assert _titles(project, cache, datetime.fromisoformat("2026-11-26T09:00:00+07:00")) == [
        "Bài B",
        "Bài hẹn giờ",
    ]


def test_other_settings_read_every_post_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post("Bài A")})
    cache = LoadCache()
    settings = load_settings(project)
    load_posts(settings, NOW_TIME, cache=cache)
    load_posts(dataclasses.replace(settings, per_page=settings.per_page + 1), NOW_TIME, cache=cache)
    assert cache.reused == 0
    load_posts(settings, NOW_TIME, cache=cache)
    assert cache.reused == 0  # the settings changed back: read again, then kept
    load_posts(settings, NOW_TIME, cache=cache)
    assert cache.reused == 1
