"""The same site, byte for byte, whichever way it is built: with ProperDocs (the maintained
MkDocs 1.x fork) or MkDocs, with page shells (scripts/mkdocs_shell.py) or full rendering,
with the hooks or from the generated folder without them."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE, NOW, REPO, SUBPATH_URL, build_ok, make_project, post

pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def contents(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            files[str(path.relative_to(site))] = GENERATOR.sub(b"", data)
    return files


def test_properdocs_builds_the_same_pages(tmp_path: Path) -> None:
    posts = {
        "2024/a.md": post("Bài một", "2024-01-02", "[Tin tức]", "tags: [Một cửa]\n"),
        "2025/b.md": post("Bài hai", "2025-02-03", "[Thông báo, Hỏi đáp]"),
    }
    mkdocs_site = build_ok(make_project(tmp_path / "m", posts=posts), engine="mkdocs")
    proper_site = build_ok(make_project(tmp_path / "p", posts=posts), engine="properdocs")
    expected, actual = contents(mkdocs_site), contents(proper_site)
    assert sorted(actual) == sorted(expected)
    assert "tin-tuc/bai-mot/index.html" in actual
    differing = [name for name in expected if expected[name] != actual[name]]
    assert differing == []


def repo_project(root: Path, extra_posts: dict[str, str]) -> Path:
    """The sample posts and procedures (``tests/fixtures/sample-commune``), plus ``extra_posts``."""
    project = make_project(root, posts=extra_posts)
    shutil.copytree(FIXTURE / "posts", project / "posts", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "docs", project / "docs", dirs_exist_ok=True)
    return project


HOSTILE = {
    "2025/ky-tu.md": post(
        "'\"Kí tự\" <b>đặc biệt</b> & {{ khuôn }} – 5 < 6'",  # YAML single quotes
        "2025-06-07",
        "[Hỏi đáp, Thông báo]",
        "description: 'Mô tả có \"ngoặc kép\" & <thẻ>'\ntags: [Một cửa]\n",
        "# Tiêu đề cấp một trong bài\n\n## Mục hai\n\nNội dung.\n",
    ),
    "2025/khong-muc.md": post("Bài không có mục nào", "2025-06-08", "[Tin tức]", body="Một đoạn.\n"),
}


def test_page_shells_give_the_same_pages_as_full_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shells = contents(build_ok(repo_project(tmp_path / "shells", HOSTILE)))
    monkeypatch.setenv("CCHC_SHELLS", "0")
    full = contents(build_ok(repo_project(tmp_path / "full", HOSTILE)))
    assert sorted(shells) == sorted(full)
    pages = [name for name in full if name.endswith(".html")]
    hostile = "tin-tuc/ki-tu-b-dac-biet-b-khuon-5-6/index.html"
    assert len(pages) > 60 and hostile in pages
    assert [name for name in pages if shells[name] != full[name]] == []
    assert b"&lt;b&gt;" in full[hostile]


def build_plain_ok(project: Path) -> Path:
    """``python -m cchc build --engine plain``: pages from the generated folder, no hooks."""
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL=SUBPATH_URL, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = str(REPO / "scripts")
    command = [sys.executable, "-m", "cchc", "build", "--engine", "plain", "--root", str(project)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_a_build_without_hooks_gives_the_same_site(tmp_path: Path) -> None:
    """The generated folder (`python -m cchc generate`) built by plain `mkdocs build` with
    `hooks:` removed: every file of the site, byte for byte, as the hooks make it."""
    hooked = contents(build_ok(repo_project(tmp_path / "hooks", HOSTILE)))
    plain_project = repo_project(tmp_path / "plain", HOSTILE)
    plain = contents(build_plain_ok(plain_project))
    config = (plain_project / ".build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "mkdocs_hooks" not in config
    assert sorted(plain) == sorted(hooked)
    assert len([name for name in plain if name.endswith(".html")]) > 60
    assert "search/index.json" in plain and "rss.xml" in plain and "thu-tuc/index.json" in plain
    assert [name for name in hooked if plain[name] != hooked[name]] == []


def test_a_warm_build_gives_the_same_site_as_a_cold_one(tmp_path: Path) -> None:
    """Builds are deterministic, and the render cache never changes a byte of the site: the
    first build (no `.cache/`) and the next (every body from the cache) are identical."""
    project = repo_project(tmp_path / "p", HOSTILE)
    cold = contents(build_ok(project))
    assert (project / ".cache" / "render.sqlite3").is_file()
    warm = contents(build_ok(project))
    assert sorted(warm) == sorted(cold) and len(cold) > 100
    assert [name for name in cold if warm[name] != cold[name]] == []
