"""Limits (issue 17, item 3): hostile sizes and shapes are refused fast, with the file, the limit
(its key in ``mkdocs.yml``) and the fix; every limit can be changed under ``extra.limits``."""

from __future__ import annotations

import struct
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from cchc.build.content import load_content
from cchc.core.limits import DEFAULT_LIMITS, Limits
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import TIMEZONE, Settings, settings_from_config

NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)
CONFIG = {"site_url": "https://example.gov.vn/", "site_name": "CCHC", "extra": {}}
HEAD = "title: Bài thử\ndate: 2024-03-05\ncategories: [Tin tức]\n"


def settings_for(root: Path, posts: dict[str, str | bytes], limits: Limits | None = None) -> Settings:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for rel, content in posts.items():
        path = root / "posts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    settings = settings_from_config(root, CONFIG)
    return replace(settings, limits=limits) if limits else settings


def problems(root: Path, posts: dict[str, str | bytes], limits: Limits | None = None) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load_content(settings_for(root, posts, limits), NOW)
    return caught.value.problems


def fm(text: str, body: str = "Nội dung bài viết.\n") -> str:
    return f"---\n{text}---\n\n{body}"


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (the data is a few bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


ALIAS_BOMB = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)),
    ]
)


def test_the_defaults() -> None:
    assert Limits(1_000_000, 500, 10, 10, 20, 50_000_000, 25_000_000) == DEFAULT_LIMITS


def test_limits_are_set_under_extra_limits() -> None:
    config = dict(CONFIG, extra={"limits": {"tags": 3, "post_bytes": 5000}})
    limits = settings_from_config(Path("."), config).limits
    assert (limits.tags, limits.post_bytes, limits.headings) == (3, 5000, 500)


def test_a_yaml_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    start = time.perf_counter()
    (found,) = problems(tmp_path, {"a.md": fm(HEAD + ALIAS_BOMB)})
    assert time.perf_counter() - start < 2
    assert (found.file, found.line) == ("posts/a.md", 5)
    assert found.message == "Phần đầu bài đặt neo YAML «&a»; bí danh và neo không được dùng."
    (alias,) = problems(tmp_path / "b", {"a.md": fm(HEAD + "tags: *x\n")})
    assert alias.line == 5 and "bí danh YAML «*x»" in alias.message


def test_a_post_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD, "chữ " * 300_000)})
    assert found.file == "posts/a.md" and found.line is None
    assert found.message.startswith("Tệp nặng 1.800.0")
    assert "quá giới hạn 1.000.000 byte cho một bài hoặc một trang (extra.limits.post_bytes)" in found.message
    assert "«extra.limits.post_bytes» trong mkdocs.yml" in (found.fix or "")


def test_too_many_headings(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD, "## Mục\n\nchữ\n\n" * 501)})
    assert (found.file, found.field, found.line) == ("posts/a.md", "nội dung", 7)
    assert (
        found.message
        == "Nội dung có 501 đề mục, quá giới hạn 500 đề mục cho một tệp (extra.limits.headings)."
    )


@pytest.mark.parametrize(
    ("body", "line", "depth"),
    [
        ("".join("    " * i + "- mục\n" for i in range(12)), 18, 12),
        ("> " * 11 + "trích dẫn\n", 7, 11),
        ("Đầu\n\n" + "- " * 15 + "mục\n", 9, 15),
    ],
)
def test_lists_and_quotes_nested_too_deep(tmp_path: Path, body: str, line: int, depth: int) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD, body)})
    assert (found.file, found.field, found.line) == ("posts/a.md", "nội dung", line)
    assert found.message.startswith(f"Danh sách hoặc trích dẫn lồng nhau sâu {depth} tầng, quá giới hạn 10")


@pytest.mark.parametrize("body", ["*_" * 6 + "chữ" + "_*" * 6, " ".join(["*chữ"] * 11) + " cuối" + "*" * 11])
def test_emphasis_nested_too_deep(tmp_path: Path, body: str) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD, body + "\n")})
    assert (found.file, found.field, found.line) == ("posts/a.md", "nội dung", 7)
    assert "(các dấu «*», «_»), quá giới hạn 10 tầng (extra.limits.emphasis)" in found.message


def test_ordinary_emphasis_lists_and_separators_pass(tmp_path: Path) -> None:
    body = "***Lưu ý:*** đọc kỹ (*) và ma_thu_tuc.\n\n**********\n\n1. Một\n    - hai\n        - ba\n"
    settings = settings_for(tmp_path, {"a.md": fm(HEAD, body)})
    assert len(load_content(settings, NOW).posts.published) == 1


def test_too_many_tags(tmp_path: Path) -> None:
    tags = ", ".join(f"thẻ {i}" for i in range(21))
    (found,) = problems(tmp_path, {"a.md": fm(HEAD + f"tags: [{tags}]\n")})
    assert (found.file, found.field, found.line) == ("posts/a.md", "tags", 5)
    assert found.message == "Bài có 21 thẻ, quá giới hạn 20 thẻ cho một bài (extra.limits.tags)."


def test_image_pixels_are_counted_from_the_header_before_decoding(tmp_path: Path) -> None:
    start = time.perf_counter()
    posts = {"a.md": fm(HEAD, "![Ảnh](lon.png)\n"), "lon.png": png_header(20_000, 20_000)}
    (found,) = problems(tmp_path, posts)
    assert time.perf_counter() - start < 2
    assert (found.file, found.field, found.line) == ("posts/a.md", "nội dung", 7)
    assert found.message.startswith(
        "Ảnh «lon.png»: Ảnh có 20.000 × 20.000 điểm ảnh (400.000.000), quá giới hạn"
    )
    assert "50.000.000 điểm ảnh (extra.limits.image_pixels)" in found.message
    cover = problems(
        tmp_path / "c", {"a.md": fm(HEAD + "image: lon.png\n"), "lon.png": png_header(9000, 9000)}
    )
    assert [(p.field, p.line) for p in cover] == [("image", 5)]


def test_attachment_size(tmp_path: Path) -> None:
    posts = {"a.md": fm(HEAD + "attachments:\n  - file: bao-cao.pdf\n"), "bao-cao.pdf": b"%PDF" + b"0" * 3000}
    (found,) = problems(tmp_path, posts, Limits(attachment_bytes=2000))
    assert (found.file, found.field, found.line) == ("posts/a.md", "attachments", 6)
    assert found.message == (
        "Tệp đính kèm số 1 «bao-cao.pdf»: Tệp nặng 0,0 MB, quá giới hạn 0,002 MB (extra.limits.attachment_bytes)."
    )
