"""Content identity rules (issue 17, item 6): what looks the same must be the same, and be visible.

Each rule is asserted on the exact Vietnamese message parts: file, line, field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.build.content import load_content
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import TIMEZONE, settings_from_config

NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)
CONFIG = {"site_url": "https://example.gov.vn/", "site_name": "CCHC", "extra": {}}
HEAD = "title: Bài thử\ndate: 2024-03-05\ncategories: [Tin tức]\n"


def problems(
    root: Path,
    posts: dict[str, str] | None = None,
    docs: dict[str, str] | None = None,
    config: dict | None = None,
) -> list[Problem]:
    for base, files in (("posts", posts or {}), ("docs", docs or {})):
        (root / base).mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(settings_from_config(root, config or CONFIG), NOW)
    return caught.value.problems


def fm(text: str, body: str = "Nội dung bài viết.\n") -> str:
    return f"---\n{text}---\n\n{body}"


def test_tags_whose_slugs_collide_are_an_error_naming_both_spellings_and_files(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "a.md": fm(HEAD.replace("Bài thử", "Bài A") + "tags: [Một cửa]\n"),
            "b.md": fm(HEAD.replace("Bài thử", "Bài B") + "tags:\n  - Hộ tịch\n  - một cửa\n"),
            "c.md": fm(HEAD.replace("Bài thử", "Bài C") + "tags: [Mot cua]\n"),
        },
    )
    by_file = {p.file: p for p in found}
    assert sorted(by_file) == ["posts/a.md", "posts/b.md", "posts/c.md"]
    b = by_file["posts/b.md"]
    assert (b.field, b.line) == ("tags", 7)
    assert b.message.startswith("Thẻ «một cửa» và «Mot cua» (posts/c.md); «Một cửa» (posts/a.md) khác nhau")
    assert "chung đường dẫn «mot-cua»" in b.message
    assert by_file["posts/a.md"].line == 5


def test_categories_of_the_settings_whose_slugs_collide_are_an_error(tmp_path: Path) -> None:
    """Posts can only use the categories of ``mkdocs.yml``, where a collision is refused already."""
    with pytest.raises(ContentError) as caught:
        settings_from_config(tmp_path, dict(CONFIG, extra={"categories": ["Tin tức", "Tin Tuc"]}))
    (found,) = caught.value.problems
    assert (found.file, found.field) == ("mkdocs.yml", "extra.categories[2]")
    assert "«Tin Tuc» có cùng địa chỉ «tin-tuc»" in found.message


def test_a_key_given_twice_is_an_error_naming_the_line_of_each(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD + "title: Tiêu đề khác\n")})
    assert (found.file, found.line, found.field) == ("posts/a.md", 5, "title")
    assert found.message == "Khóa «title» được viết hai lần: ở dòng 2 và ở dòng 5; chỉ được viết một lần."
    nested = problems(tmp_path / "n", {"a.md": fm(HEAD + "document:\n  number: 1\n  number: 2\n")})
    assert [(p.line, p.field) for p in nested if "hai lần" in p.message] == [(7, "document.number")]


@pytest.mark.parametrize("written", ["２０２４-０３-０５", "٢٠٢٤-٠٣-٠٥", "2024-0３-05"])
def test_dates_must_use_ascii_digits(tmp_path: Path, written: str) -> None:
    found = [p for p in problems(tmp_path, {"a.md": fm(HEAD.replace("2024-03-05", written))}) if p.line == 3]
    assert found and found[0].file == "posts/a.md" and found[0].field == "date"
    assert found[0].message.startswith(f"Ngày «{written}» viết bằng chữ số không phải chữ số thường")
    assert found[0].fix == "Gõ lại bằng chữ số thường trên bàn phím: «date: 2024-03-05»."


def test_a_title_of_zero_width_spaces_only_is_refused(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD.replace("Bài thử", "\u200b\u200b\ufeff"))})
    assert (found.file, found.line, found.field) == ("posts/a.md", 2, "title")
    assert found.message.startswith("Tiêu đề chỉ gồm ký tự vô hình (U+200B, U+FEFF)")


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Thông báo \u202egnoc", "U+202E"),
        ("Lịch \u2066tiếp\u2069 dân", "U+2066"),
        ("Bài\x00một", "U+0000 (NUL)"),
    ],
)
def test_control_and_bidi_characters_in_front_matter_are_refused(
    tmp_path: Path, title: str, shown: str
) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD.replace("Bài thử", title))})
    assert (found.file, found.line, found.field) == ("posts/a.md", 2, "title")
    assert shown in found.message and found.message.startswith("Phần đầu bài có ")


def test_a_control_character_written_as_an_escape_is_refused_too(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, {"a.md": fm(HEAD.replace("Bài thử", '"Bài\\0một"'))})
    assert (found.line, found.field) == (2, "title")
    assert found.message.startswith("Giá trị có ký tự điều khiển vô hình U+0000 (NUL)")


@pytest.mark.parametrize("name", ["bai.MD", "bai.markdown", "bai.Md", "bai.mkd"])
def test_other_markdown_suffixes_are_refused_by_name(tmp_path: Path, name: str) -> None:
    (found,) = problems(tmp_path, {name: fm(HEAD)})
    assert found.file == f"posts/{name}"
    assert found.message == f"Tệp «{name}» có đuôi khác «.md» nên không được đọc như một bài hay một trang."
    assert found.fix == "Đổi tên tệp thành «bai.md»."
    (page,) = problems(tmp_path / "d", docs={"trang.markdown": "# Trang\n"})
    assert page.file == "docs/trang.markdown"


def test_an_unindented_fence_inside_a_block_value_is_reported(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Bài thử\ndescription: |\n  Phần một\n---\n  Phần hai\n"
        "date: 2024-03-05\ncategories: [Tin tức]\n---\n\nNội dung.\n"
    )
    (found,) = problems(tmp_path, {"a.md": text})
    assert (found.file, found.line) == ("posts/a.md", 5)
    assert found.message.startswith("Dòng «---» này nằm giữa phần đầu bài")
    assert "tới dòng «---» ở dòng 9" in found.message


def test_a_post_with_an_ordinary_body_after_its_front_matter_is_not_reported(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "posts").mkdir()
    text = fm(HEAD + "description: |\n  Hai dòng\n  mô tả\n", "Đoạn đầu.\n\n---\n\nĐoạn sau.\n")
    (tmp_path / "posts" / "a.md").write_text(text, encoding="utf-8")
    content = load_content(settings_from_config(tmp_path, CONFIG), NOW)
    assert [p.title for p in content.posts.published] == ["Bài thử"]
