"""The same site builds with ProperDocs (the maintained MkDocs 1.x fork) as with MkDocs."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from conftest import build_ok, make_project, post

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
