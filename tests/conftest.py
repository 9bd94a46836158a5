"""Shared test helpers: fixture projects built with the real MkDocs command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

# "Now" for every test build: posts dated after this are held back as scheduled.
NOW = "2026-11-25T12:00:00+07:00"
SUBPATH_URL = "http://127.0.0.1:8000/cchc/"


def make_project(
    root: Path,
    posts: Mapping[str, str | bytes] | None = None,
    docs: Mapping[str, str | bytes] | None = None,
) -> Path:
    """A throw-away site: the repo's config, code and templates, with the given content.

    ``posts`` and ``docs`` map paths (relative to ``posts/`` and ``docs/``) to file
    contents. The repo's ``docs/index.md`` and ``docs/gioi-thieu.md`` are always included;
    procedures are only those given.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    (root / "posts").mkdir()
    (root / "docs").mkdir()
    for name in ("index.md", "gioi-thieu.md"):
        shutil.copy(REPO / "docs" / name, root / "docs" / name)
    for base, files in (("posts", posts or {}), ("docs", docs or {})):
        for rel, content in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return root


def run_build(
    project: Path,
    *,
    site_url: str = SUBPATH_URL,
    engine: str = "mkdocs",
    extra_args: tuple[str, ...] = (),
    now: str = NOW,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` (or ``properdocs build``) in ``project``; never raises."""
    env = dict(os.environ)
    env.update(
        CCHC_NOW=now,
        CCHC_SITE_URL=site_url,
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
    )
    module = "mkdocs" if engine == "mkdocs" else "properdocs"
    cmd = [sys.executable, "-m", module, "build", "-f", "mkdocs.yml", *extra_args]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def build_ok(project: Path, **kwargs: object) -> Path:
    """Build and assert success; returns the site directory."""
    result = run_build(project, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def post(
    title: str = "Bài thử",
    date: str = "2024-03-05",
    categories: str = "[Tin tức]",
    extra: str = "",
    body: str = "Đoạn mở đầu của bài viết.\n",
) -> str:
    """The text of a post file with the given front matter values."""
    return f"---\ntitle: {title}\ndate: {date}\ncategories: {categories}\n{extra}---\n\n{body}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tmp_path / "site-src"
