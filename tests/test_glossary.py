"""The glossary (``cchc.glossary``): first use per page marked with its expansion, the rest
left alone; the data file validated with Vietnamese messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.core.problems import ContentError
from cchc.glossary.marks import Glossary
from cchc.glossary.terms import Term, load_terms
from cchc.rendering.page import GeneratedPage
from cchc.rendering.sanitize import BODY_END, BODY_START

TERMS = [
    Term(viet_tat="UBND", day_du="Ủy ban nhân dân"),
    Term(viet_tat="DVC", day_du="dịch vụ công"),
    Term(viet_tat="DVCTT", day_du="dịch vụ công trực tuyến"),
    Term(viet_tat="TTHC", day_du="thủ tục hành chính"),
]
ABBR = '<abbr title="Ủy ban nhân dân">UBND</abbr>'
EXPANDED = ABBR + '<span class="cchc-expansion"> (Ủy ban nhân dân)</span>'


def mark(text: str) -> str:
    return Glossary(TERMS).mark(text, set())


def test_the_first_use_gets_the_expansion_in_the_text_and_later_ones_nothing() -> None:
    assert mark("UBND xã họp. UBND xã báo cáo.") == f"{EXPANDED} xã họp. UBND xã báo cáo."


def test_an_expansion_the_official_wrote_is_not_repeated() -> None:
    assert mark("Ủy ban nhân dân (UBND) xã") == f"Ủy ban nhân dân ({ABBR}) xã"


def test_the_longest_abbreviation_wins() -> None:
    out = mark("Nộp qua DVCTT hoặc DVC.")
    assert '<abbr title="dịch vụ công trực tuyến">DVCTT</abbr>' in out
    assert '<abbr title="dịch vụ công">DVC</abbr>' in out


@pytest.mark.parametrize(
    "text",
    [
        "Số 291/BC-UBND",
        "Công văn 12/UBND-VP",
        "UBNDX",
        "xUBND",
        "`UBND`",
        "[UBND xã](a.md)",
        '<a href="x">UBND</a>',
        "# UBND xã",
        '<img alt="UBND" src="a.png">',
        "ubnd",
    ],
)
def test_numbers_words_code_links_headings_and_attributes_are_left_alone(text: str) -> None:
    assert mark(text) == text


def test_a_post_is_marked_in_its_body_only_and_once() -> None:
    source = f"<h1>UBND</h1>\n\n{BODY_START}\nUBND xã; TTHC.\n{BODY_END}\n\n<p>UBND</p>"
    page = GeneratedPage("tin-tuc/a/index.md", "UBND", source, kind="post")
    out = Glossary(TERMS).mark_page(page).content
    assert out.startswith("<h1>UBND</h1>") and out.endswith("<p>UBND</p>")
    assert out.count("<abbr") == 2 and EXPANDED in out


def test_listings_are_not_marked() -> None:
    page = GeneratedPage("tin-tuc/index.md", "Tin", "<p>UBND</p>")
    assert Glossary(TERMS).mark_page(page) is page


def test_no_glossary_changes_nothing() -> None:
    assert Glossary([]).mark("UBND", set()) == "UBND"


def write(root: Path, text: str) -> Path:
    (root / "data").mkdir(exist_ok=True)
    (root / "data/thuat-ngu.yml").write_text(text, encoding="utf-8")
    return root


def test_the_data_file_is_read_sorted(tmp_path: Path) -> None:
    write(
        tmp_path,
        "- viet_tat: UBND\n  day_du: Ủy ban nhân dân\n- viet_tat: CCHC\n  day_du: cải cách hành chính\n",
    )
    assert [t.viet_tat for t in load_terms(tmp_path)] == ["CCHC", "UBND"]
    assert load_terms(tmp_path / "nowhere") == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- viet_tat: UBND\n", "Thiếu trường «day_du»"),
        ("- viet_tat: U B\n  day_du: x\n", "không đúng dạng"),
        ("- viet_tat: UBND\n  day_du: a\n- viet_tat: UBND\n  day_du: b\n", "khai báo hai lần"),
        ("- viet_tat: UBND\n  day_du: a\n  nghia: b\n", "không dùng được"),
        ("viet_tat: UBND\n", "danh sách"),
        ("- viet_tat: [UBND\n", "sai cú pháp"),
    ],
)
def test_mistakes_in_the_data_file_are_reported_in_vietnamese(tmp_path: Path, text: str, words: str) -> None:
    write(tmp_path, text)
    with pytest.raises(ContentError) as raised:
        load_terms(tmp_path)
    assert words in raised.value.report() and "data/thuat-ngu.yml" in raised.value.report()
