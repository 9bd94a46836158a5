"""The publishing guide (HUONG-DAN-DANG-BAI.md) cannot drift from the code.

- every example post or procedure in it (a ```markdown block starting with ``---``) is loaded
  by the loaders of the build, all together in one project, with the files it names put beside
  it as the guide says; the slow test builds them and the guide's own page;
- every command-line flag it shows exists;
- every error message it quotes in its table («…») is a message of the code.
"""

from __future__ import annotations

import ast
import io
import json
import posixpath
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from cchc.authoring.guide import GUIDE_FILE, guide_markdown
from cchc.build.content import load_content
from cchc.core.settings import load_settings
from cchc.core.text import slugify
from conftest import NOW, REPO, build_ok, make_project

GUIDE = (REPO / GUIDE_FILE).read_text(encoding="utf-8")
_FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_BODY_FILE_RE = re.compile(r"!?\[[^\]]*\]\(([^)\s:]+\.[a-zA-Z0-9]+)\)")


def blocks(language: str) -> list[str]:
    return [m.group(2) for m in _FENCE_RE.finditer(GUIDE) if m.group(1) == language]


def examples() -> list[str]:
    return [b for b in blocks("markdown") if b.startswith("---\n")]


def _meta(example: str) -> dict[str, Any]:
    return yaml.safe_load(example.split("---\n")[1])


def _files_named(value: Any) -> list[str]:
    """Local files a front matter names (``image``, ``file``, ``mau``), at any depth."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("image", "file", "mau") and isinstance(item, str):
                found.append(item)
            else:
                found += _files_named(item)
    elif isinstance(value, list):
        for item in value:
            found += _files_named(item)
    return found


def _file_bytes(name: str) -> bytes:
    if Path(name).suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 60, 60)).save(out, "PNG" if name.endswith(".png") else "JPEG")
        return out.getvalue()
    return b"%PDF-1.4\n%%EOF\n"


def guide_project(root: Path) -> tuple[Path, list[Path]]:
    """Every example of the guide in one project, with the files each names beside it."""
    posts: dict[str, str | bytes] = {}
    docs: dict[str, str | bytes] = {}
    for number, example in enumerate(examples(), 1):
        meta = _meta(example)
        if "ma_thu_tuc" in meta:
            rel, files = f"thu-tuc/{slugify(meta['linh_vuc'])}/{slugify(meta['ten_thu_tuc'])}.md", docs
        else:
            rel, files = f"{str(meta['date'])[:4]}/vi-du-{number}.md", posts
        files[rel] = example
        body = example.split("---\n", 2)[2]
        for name in _files_named(meta) + _BODY_FILE_RE.findall(body):
            files[posixpath.normpath(posixpath.join(posixpath.dirname(rel), name))] = _file_bytes(name)
    project = make_project(root, posts=posts, docs=docs)
    return project, [project / "posts" / p for p in posts if p.endswith(".md")]


def test_the_guide_has_examples_of_a_post_a_document_and_a_procedure() -> None:
    metas = [_meta(e) for e in examples()]
    assert any("ma_thu_tuc" in m for m in metas)
    assert any("document" in m and m.get("attachments") for m in metas)
    assert sum("title" in m for m in metas) >= 2


def test_every_example_of_the_guide_validates(tmp_path: Path) -> None:
    project, _ = guide_project(tmp_path / "site-src")
    content = load_content(load_settings(project), datetime.fromisoformat(NOW))
    posts = content.posts.visible(preview=True)
    assert len(posts) + len(content.procedures.procedures) == len(examples())
    assert not [w for w in content.warnings if "vi-du" in w.file or "thu-tuc" in w.file]
    tags = {tag for p in posts for tag in p.tags}
    assert "Chính quyền điện tử, chính quyền số" in tags  # one tag, as the guide says
    assert "chính quyền số" not in tags


def test_the_guide_writes_tags_with_a_comma_so_that_they_stay_whole() -> None:
    for example in examples():
        for line in example.splitlines():
            assert not (line.startswith("tags: [") and "," in line), line


def _options(command: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "cchc", command, "--help"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "scripts"), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return result.stdout


@pytest.mark.slow
def test_every_flag_the_guide_shows_exists() -> None:
    text = " ".join(blocks("sh")).replace("\\\n", " ") + " " + GUIDE
    for command in ("new-post", "new-procedure"):
        shown = set()
        for match in re.finditer(
            rf"scripts/{command}((?:\s+(?:--[a-z-]+|\"[^\"]*\"|[^\s`\"-][^\s`]*))*)", text
        ):
            shown |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", match.group(1)))
        assert shown, command
        usage = _options(command)
        assert not [flag for flag in shown if flag not in usage], command


def _code_messages() -> list[str]:
    """Every string of the package, f-string values as ``…``."""
    found: list[str] = []

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
        return None

    for path in (REPO / "scripts/cchc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = text(node)
            if value:
                found.append(value.replace("{detail}", "…").replace("{{", "{").replace("}}", "}"))
    return found


def _quoted(text: str) -> list[str]:
    """The outermost «…» quotations of ``text`` (quotations may nest)."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
            if depth == 1:
                start = index + 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                found.append(text[start:index])
    return found


@pytest.mark.slow
def test_every_message_the_guide_quotes_is_a_message_of_the_code() -> None:
    section = GUIDE.split("## 5. ")[1].split("\n## ")[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ")]
    quotes = [q for row in rows for cell in row[:-1] for q in _quoted(cell)]
    assert len(quotes) > 40
    messages = _code_messages()
    missing = []
    for quote in quotes:
        pieces = [p.strip() for p in quote.split("…") if len(p.strip()) >= 3]
        if not any(all(piece in message for piece in pieces) for message in messages):
            missing.append(quote)
    assert not missing, json.dumps(missing, ensure_ascii=False, indent=1)


def test_the_guide_page_is_marked_for_officials() -> None:
    page = guide_markdown(GUIDE)
    assert page.startswith('# Hướng dẫn đăng bài\n\n!!! warning "Trang dành cho cán bộ đăng bài"')


@pytest.mark.slow
def test_the_examples_and_the_guide_page_are_built(tmp_path: Path) -> None:
    project, posts = guide_project(tmp_path / "site-src")
    (project / GUIDE_FILE).write_text(GUIDE, encoding="utf-8")
    site = build_ok(project)
    assert (site / "thu-tuc/ho-tich/dang-ky-khai-tu/index.html").is_file()
    assert (site / "tin-tuc/thong-bao-lich-tiep-cong-dan-thang-12-nam-2026/index.html").is_file()
    page = (site / "huong-dan-dang-bai/index.html").read_text(encoding="utf-8")
    assert "Trang dành cho cán bộ đăng bài" in page
    assert "Mẫu một thủ tục" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "huong-dan-dang-bai" not in home  # not in the residents' menu
    index = b"".join(p.read_bytes() for p in (site / "search").rglob("*") if p.is_file())
    assert b"huong-dan-dang-bai" not in index  # nor in the site search
    assert "lich-tiep-dan" not in str(posts)  # the examples are the guide's, not the repo's


@pytest.mark.slow
def test_every_command_the_guide_shows_exists_on_linux_and_windows() -> None:
    shown = re.findall(
        r"(\.venv\\Scripts\\python|\.venv/bin/python) -m cchc ([a-z-]+)((?: --[a-z-]+)*)", GUIDE
    )
    windows = {command for python, command, _ in shown if "Scripts" in python}
    assert {"check", "preview", "build", "new-post"} <= windows
    for _python, command, flags in shown:
        usage = _options(command)
        assert not [flag for flag in flags.split() if flag not in usage], command
    for script in set(re.findall(r"`\./scripts/([a-z-]+)", GUIDE)):
        assert (REPO / "scripts" / script).is_file(), script
    assert {"check", "preview", "build"} <= set(re.findall(r"`\./scripts/([a-z-]+)`", GUIDE))
    assert "py scripts\\setup_windows.py" in GUIDE and (REPO / "scripts" / "setup_windows.py").is_file()
    assert "scripts\\setup_windows.bat" in GUIDE and (REPO / "scripts" / "setup_windows.bat").is_file()


def test_the_guide_covers_the_path_from_the_browser() -> None:
    for needed in (
        "/admin/",
        "Commit changes",
        "2–5 phút",
        "mỗi giờ một",
        "draft: true",
        "Revert",
        "Hẹn giờ",
    ):
        assert needed in GUIDE, needed
