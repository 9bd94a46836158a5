"""Legal citations (``cchc.legal``): the parser on every pattern, noise class and trap of the
reference (``../shared/reference``, §4.3); the register; and a built site where a report and
a procedure cite the same documents (links both ways, register pages, glossary, statistics)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from cchc.legal.citations import find_citations, parse_number
from cchc.legal.markup import masked
from cchc.legal.register import citations_in
from conftest import FIXTURE, build_ok, make_project

CP, TTG, BNV, QH15 = "Chính phủ", "Thủ tướng Chính phủ", "Bộ Nội vụ", "Quốc hội khóa XV"
UBND, HDND = "Ủy ban nhân dân", "Hội đồng nhân dân"
ND, QD, TT, NQ, CT, KH, LUAT = (
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Nghị quyết",
    "Chỉ thị",
    "Kế hoạch",
    "Luật",
)

# (text, [(number, type, issuer)])
CITED = [
    # the seven patterns of the issue
    ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ", [("61/2018/NĐ-CP", ND, CP)]),
    ("Quyết định số 468/QĐ-TTg", [("468/QĐ-TTg", QD, TTG)]),
    ("Thông tư 01/2023/TT-BNV", [("01/2023/TT-BNV", TT, BNV)]),
    ("Luật số 148/2025/QH15", [("148/2025/QH15", LUAT, QH15)]),
    ("Kế hoạch số 11/KH-UBND ngày 12/01/2023", [("11/KH-UBND", KH, UBND)]),
    ("Nghị quyết 76/NQ-CP", [("76/NQ-CP", NQ, CP)]),
    ("Chỉ thị số 23/CT-TTg", [("23/CT-TTg", CT, TTG)]),
    # missing and extra hyphens
    ("theo Nghị định 42/2022/NĐCP", [("42/2022/NĐ-CP", ND, CP)]),
    ("Quyết định số 45/2016/QĐTTg", [("45/2016/QĐ-TTg", QD, TTG)]),
    ("Thông tư số 01/2023/TTBNV", [("01/2023/TT-BNV", TT, BNV)]),
    ("Nghị định số 61/2018/NĐ--CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Nghị định số 61/2018/NĐ–CP", [("61/2018/NĐ-CP", ND, CP)]),  # en dash
    ("Nghị định số 61/2018/NĐ−CP", [("61/2018/NĐ-CP", ND, CP)]),  # minus sign
    ("Nghị quyết 19-2016/NQ-CP", [("19/2016/NQ-CP", NQ, CP)]),  # hyphen for the slash
    # missing and extra spaces
    ("Thông tư số 01 /2018/TT-VPCP", [("01/2018/TT-VPCP", TT, "Văn phòng Chính phủ")]),
    ("Nghị quyết số 12/2020/NQ- HĐND", [("12/2020/NQ-HĐND", NQ, HDND)]),
    ("Nghị quyết số111/2008/NQ-HĐND", [("111/2008/NQ-HĐND", NQ, HDND)]),
    ("Nghị định số 61 / 2018 / NĐ - CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Quyết định  số  468/QĐ-TTg", [("468/QĐ-TTg", QD, TTG)]),
    ("Quyết định số\u00a0468/QĐ-TTg", [("468/QĐ-TTg", QD, TTG)]),  # no-break space
    # NĐ/ND, QĐ/QD, case, text without diacritics
    ("Nghị định số 61/2018/ND-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Quyết định số 468/QD-TTg", [("468/QĐ-TTg", QD, TTG)]),
    ("Quyết định số 468/qđ-ttg", [("468/QĐ-TTg", QD, TTG)]),
    ("Nghị quyết số 34/2025/NQ-HDND", [("34/2025/NQ-HĐND", NQ, HDND)]),
    ("Quyet dinh so 468/QD-TTg", [("468/QĐ-TTg", QD, TTG)]),
    ("Nghi dinh so 61/2018/ND-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("nghị định số 61/2018/NĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),
    # abbreviated types before the number
    ("NĐ 61/2018/NĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("QĐ số 468/QĐ-TTg", [("468/QĐ-TTg", QD, TTG)]),
    ("NQ 76/NQ-CP", [("76/NQ-CP", NQ, CP)]),
    # line breaks inside the citation
    ("Nghị định số 61/2018/\nNĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Nghị định số\n61/2018/NĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Nghị định số 61/\n2018/NĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),
    ("Quyết định số 468/QĐ-\nTTg", [("468/QĐ-TTg", QD, TTG)]),
    # other types, issuers and forms
    ("Luật Đất đai số 31/2024/QH15", [("31/2024/QH15", LUAT, QH15)]),
    ("Bộ luật Dân sự số 91/2015/QH13", [("91/2015/QH13", "Bộ luật", "Quốc hội khóa XIII")]),
    ("Luật Hộ tịch số 60/2014/QH13", [("60/2014/QH13", LUAT, "Quốc hội khóa XIII")]),
    ("Nghị quyết số 1314/NQ-UBTVQH15", [("1314/NQ-UBTVQH15", NQ, "Ủy ban Thường vụ Quốc hội khóa XV")]),
    ("Công văn số 123/UBND-VP", [("123/UBND-VP", "Công văn", UBND)]),
    ("Thông báo số 05/TB-UBND", [("05/TB-UBND", "Thông báo", UBND)]),
    ("Báo cáo số 291/BC-UBND", [("291/BC-UBND", "Báo cáo", UBND)]),
    ("Thông tư liên tịch số 12/2015/TTLT-BTP", [("12/2015/TTLT-BTP", "Thông tư liên tịch", "Bộ Tư pháp")]),
    ("Quyết định số 2304/QĐ-BNNMT", [("2304/QĐ-BNNMT", QD, "Bộ Nông nghiệp và Môi trường")]),
    ("Thông tư số 04/2020/TT-BTP", [("04/2020/TT-BTP", TT, "Bộ Tư pháp")]),
    ("Nghị quyết số 66.13/2026/NQ-CP", [("66.13/2026/NQ-CP", NQ, CP)]),  # decimal number
    ("Văn bản số 61/2018/NĐ-CP", [("61/2018/NĐ-CP", ND, CP)]),  # generic word: type from the symbol
    # a normative number alone (year and known codes)
    ("theo 61/2018/NĐ-CP.", [("61/2018/NĐ-CP", ND, CP)]),
    # several in one sentence
    (
        "theo Nghị định số 61/2018/NĐ-CP và Nghị định số 107/2021/NĐ-CP của Chính phủ",
        [("61/2018/NĐ-CP", ND, CP), ("107/2021/NĐ-CP", ND, CP)],
    ),
    (
        "tại Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ và Chỉ thị số 23/CT-TTg ngày 02/9/2021",
        [("76/NQ-CP", NQ, CP), ("23/CT-TTg", CT, TTG)],
    ),
    ("Quyết định phê duyệt Kế hoạch số 11/KH-UBND", [("11/KH-UBND", KH, UBND)]),
]

# Text that is no citation: phone numbers, dates, 24/7, 1/2, house numbers, headers…
NOT_CITED = [
    "Số: 291/BC-UBND",
    "Số: 10/2025/QĐ-UBND",
    "số 10/2025/QĐ-UBND",
    "Điện thoại: 0234 3 000 001",
    "gọi 0234.3.000.002 hoặc 1900 1234",
    "ngày 23/4/2018",
    "ngày 23-4-2018",
    "ngày 23 tháng 4 năm 2018",
    "Thượng Long, ngày 26 tháng 10 năm 2023",
    "phục vụ 24/7",
    "giảm 1/2 lệ phí",
    "3/4 số hồ sơ",
    "nhà số 12/3 Lê Lợi",
    "số nhà 45/7A đường Trần Phú",
    "Kiệt 12/5/3 Nguyễn Huệ",
    "giai đoạn 2021 - 2030",
    "Công văn gửi nhà số 5/A",
    "Luật Đất đai năm 2024",
    "Luật số 148/QH15",  # a law's number always carries its year
    "tỷ lệ 98/100 hồ sơ",
    "Nghị định số 61/2018/NĐ-\n- CP",  # a list item, not a line break inside the number
]


@pytest.mark.parametrize(("text", "expected"), CITED)
def test_citations_are_found_and_normalised(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(c.number, c.type, c.issuer) for c in find_citations(text)]
    assert found == expected


@pytest.mark.parametrize("text", NOT_CITED)
def test_false_positives_stay_plain_text(text: str) -> None:
    assert find_citations(text) == []


def test_at_least_sixty_strings_are_tested() -> None:
    assert len(CITED) + len(NOT_CITED) >= 60


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP ngày 23/04/2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP ngày 23-4-2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP ngày 23.4.2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP, ngày 23/4/2018", date(2018, 4, 23)),
        ("Nghị định số 61/2018/NĐ-CP ngày\n23/4/2018", date(2018, 4, 23)),
        ("Kế hoạch số 11/KH-UBND ngày 12/01/2023 của UBND xã", date(2023, 1, 12)),
        ("Nghị định số 61/2018/NĐ-CP ngày 31/2/2018", None),  # no such day: the date is left out
        ("Nghị định số 61/2018/NĐ-CP của Chính phủ", None),
    ],
)
def test_dates_in_every_written_form(text: str, issued: date | None) -> None:
    (citation,) = find_citations(text)
    assert citation.issued == issued


def test_nfd_text_is_read_as_nfc() -> None:
    text = unicodedata.normalize("NFD", "Theo Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018.")
    (citation,) = find_citations(text)
    assert (citation.number, citation.type, citation.issuer) == ("61/2018/NĐ-CP", ND, CP)
    assert citation.issued == date(2018, 4, 23)


def test_the_link_covers_type_number_and_date_and_the_level_is_read() -> None:
    text = "Thực hiện Kế hoạch số 11/KH-UBND ngày 12/01/2023 của UBND xã về việc…"
    (citation,) = find_citations(text)
    assert text[citation.start : citation.end] == "Kế hoạch số 11/KH-UBND ngày 12/01/2023"
    assert citation.level == "xã" and not citation.normative


def test_keys_ignore_leading_zeros_case_and_marks() -> None:
    keys = {c.key for c in find_citations("Thông tư 01/2023/TT-BNV; Thông tư 1/2023/tt-bnv")}
    assert len(keys) == 1
    assert (
        find_citations("Nghị định 61/2018/ND-CP")[0].key == find_citations("Nghị định 61/2018/NĐ-CP")[0].key
    )


def test_a_bare_number_of_a_procedure_entry_is_parsed() -> None:
    for value, number in [("60/2014/QH13", "60/2014/QH13"), ("1085/QĐ-TTg", "1085/QĐ-TTg"),
                          ("Nghị định số 123/2015/NĐ-CP", "123/2015/NĐ-CP")]:  # fmt: skip
        parsed = parse_number(value)
        assert parsed is not None and parsed.number == number
    assert parse_number("không có số") is None


@pytest.mark.parametrize(
    "text",
    [
        "`Nghị định số 61/2018/NĐ-CP`",
        "```\nNghị định số 61/2018/NĐ-CP\n```",
        "[Nghị định số 61/2018/NĐ-CP](https://vanban.chinhphu.vn/)",
        '<a href="https://example.org/">Nghị định số 61/2018/NĐ-CP</a>',
        "## Nghị định số 61/2018/NĐ-CP",
        "Nghị định số 61/2018/NĐ-CP\n---",
        '<img alt="Nghị định số 61/2018/NĐ-CP" src="a.png">',
        "<!-- Nghị định số 61/2018/NĐ-CP -->",
        '<script type="application/ld+json">{"x": "Nghị định số 61/2018/NĐ-CP"}</script>',
    ],
)
def test_code_links_headings_and_markup_are_left_alone(text: str) -> None:
    assert citations_in(text) == []
    assert len(masked(text)) == len(text)


def test_text_around_masked_parts_is_still_read() -> None:
    text = "Xem `mã` và Nghị định số 61/2018/NĐ-CP, rồi [liên kết](a.md)."
    (citation,) = citations_in(text)
    assert text[citation.start : citation.end] == "Nghị định số 61/2018/NĐ-CP"


# --- the built site -----------------------------------------------------------------------

REPORT = """---
title: Báo cáo kết quả cải cách hành chính năm 2023
date: 2023-10-26
categories: [Báo cáo]
tags: [Cải cách hành chính]
slug: bao-cao-cchc-2023
document:
  number: 291/BC-UBND
  type: Báo cáo
  issued: 2023-10-26
  issuer: Ủy ban nhân dân xã Thượng Long
  place: Thượng Long
  abstract: Kết quả cải cách hành chính năm 2023
  signer: {title: CHỦ TỊCH, name: Nguyễn Văn A}
---

Số: 291/BC-UBND

Thực hiện Kế hoạch số 11/KH-UBND ngày 12/01/2023 của UBND xã về cải cách hành chính (CCHC),
UBND xã báo cáo. Bộ phận một cửa làm theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của
Chính phủ và Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ. UBND xã
tiếp tục thực hiện Nghị định số 61/2018/\nNĐ-CP. Điện thoại 0234 3 000 001, phục vụ 24/7.

Cú pháp: `Nghị định số 45/2020/NĐ-CP`.
"""

PLAN = """---
title: Kế hoạch cải cách hành chính năm 2023
date: 2023-01-12
categories: [Kế hoạch]
slug: ke-hoach-cchc-2023
document:
  number: 11/KH-UBND
  type: Kế hoạch
  issued: 2023-01-12
  issuer: Ủy ban nhân dân xã Thượng Long
  place: Thượng Long
  signer: {title: CHỦ TỊCH, name: Nguyễn Văn A}
---

Ngày 12/01/2023, UBND xã ban hành Kế hoạch số 11/KH-UBND về CCHC.
"""

NEWS = """---
title: Tin một cửa
date: 2024-03-05
categories: [Tin tức]
tags: [Một cửa, Cải cách hành chính]
---

Theo Quyết định 468/QD-TTg, TTHC được giải quyết tại Bộ phận một cửa.
"""


def _procedure() -> str:
    text = (FIXTURE / "docs/thu-tuc/ho-tich/dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    extra = (
        "- so_ky_hieu: 61/2018/NĐ-CP\n  trich_yeu: Về thực hiện cơ chế một cửa, một cửa liên thông\n"
        "  ngay_ban_hanh: 2018-04-23\n  co_quan_ban_hanh: Chính phủ\n"
        "- so_ky_hieu: 468/QĐ-TTg\n  trich_yeu: Phê duyệt Đề án đổi mới một cửa\n"
    )
    return text.replace("can_cu_phap_ly:\n", "can_cu_phap_ly:\n" + extra, 1)


KNOWN = """- so_ky_hieu: 468/QĐ-TTg
  ten: Phê duyệt Đề án «Đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông»
  ngay_ban_hanh: 2021-03-27
  url: https://vanban.chinhphu.vn/?docid=203053
"""

TERMS = """- viet_tat: UBND
  day_du: Ủy ban nhân dân
- viet_tat: CCHC
  day_du: cải cách hành chính
- viet_tat: TTHC
  day_du: thủ tục hành chính
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legal")
    posts = {"2023/bao-cao.md": REPORT, "2023/ke-hoach.md": PLAN, "2024/tin.md": NEWS}
    make_project(root, posts, {"thu-tuc/ho-tich/dang-ky-khai-sinh.md": _procedure()})
    (root / "docs/thu-tuc/mau").mkdir(parents=True, exist_ok=True)
    for pdf in (FIXTURE / "docs/thu-tuc/mau").glob("*khai-sinh*"):
        shutil.copy(pdf, root / "docs/thu-tuc/mau" / pdf.name)
    (root / "data").mkdir()
    (root / "data/can-cu-phap-ly.yml").write_text(KNOWN, encoding="utf-8")
    (root / "data/thuat-ngu.yml").write_text(TERMS, encoding="utf-8")
    return build_ok(root)


def _html(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def _links(page: lxml.html.HtmlElement, cls: str = "cchc-cite") -> dict[str, str]:
    return {
        " ".join(a.text_content().split()): a.get("href")
        for a in page.xpath(f'//a[contains(@class, "{cls}")]')
    }


@pytest.mark.slow
def test_the_report_links_each_citation_to_its_register_page_or_own_post(site: Path) -> None:
    links = _links(_html(site, "tin-tuc/bao-cao-cchc-2023"))
    assert links == {
        "Kế hoạch số 11/KH-UBND ngày 12/01/2023": "../ke-hoach-cchc-2023/",  # the commune's own post
        "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018": "../../can-cu-phap-ly/61-2018-nd-cp/",
        "Quyết định số 468/QĐ-TTg ngày 27/3/2021": "../../can-cu-phap-ly/468-qd-ttg-2021/",
        "Nghị định số 61/2018/ NĐ-CP": "../../can-cu-phap-ly/61-2018-nd-cp/",  # split by a line break
    }
    text = (site / "tin-tuc/bao-cao-cchc-2023/index.html").read_text(encoding="utf-8")
    assert "<code>Nghị định số 45/2020/NĐ-CP</code>" in text  # code left alone
    assert not (site / "can-cu-phap-ly/45-2020-nd-cp").exists()
    assert "0234 3 000 001, phục vụ 24/7" in text


def test_an_undated_citation_names_the_only_dated_document(site: Path) -> None:
    assert _links(_html(site, "tin-tuc/tin-mot-cua")) == {
        "Quyết định 468/QD-TTg": "../../can-cu-phap-ly/468-qd-ttg-2021/"
    }


def test_a_document_does_not_link_its_own_number(site: Path) -> None:
    assert _links(_html(site, "tin-tuc/ke-hoach-cchc-2023")) == {}


def test_the_procedure_links_its_legal_basis_and_body(site: Path) -> None:
    page = _html(site, "thu-tuc/ho-tich/dang-ky-khai-sinh")
    links = _links(page)
    assert links["61/2018/NĐ-CP"] == "../../../can-cu-phap-ly/61-2018-nd-cp/"
    assert links["468/QĐ-TTg"] == "../../../can-cu-phap-ly/468-qd-ttg-2021/"
    assert links["60/2014/QH13"] == "../../../can-cu-phap-ly/60-2014-qh13/"
    script = page.xpath('//script[@type="application/ld+json"]')[0].text
    assert "cchc-cite" not in script  # JSON-LD untouched


def test_register_pages_list_every_citer_both_ways(site: Path) -> None:
    page = _html(site, "can-cu-phap-ly/61-2018-nd-cp")
    assert page.xpath("//h1")[0].text_content() == "Nghị định số 61/2018/NĐ-CP"
    facts = {
        tr.xpath("th")[0].text_content(): tr.xpath("td")[0].text_content() for tr in page.xpath("//table//tr")
    }
    assert facts["Loại văn bản"] == "Nghị định" and facts["Cơ quan ban hành"] == "Chính phủ"
    assert facts["Ngày ban hành"] == "23/04/2018"
    hrefs = [a.get("href") for a in page.xpath('//ul[@class="cchc-index"]//a')]
    assert "../../tin-tuc/bao-cao-cchc-2023/" in hrefs and "../../thu-tuc/ho-tich/dang-ky-khai-sinh/" in hrefs
    qd = _html(site, "can-cu-phap-ly/468-qd-ttg-2021")
    text = qd.text_content()
    assert "Thủ tướng Chính phủ" in text and "27/03/2021" in text and "Đổi mới việc thực hiện" in text
    assert qd.xpath('//a[@href="https://vanban.chinhphu.vn/?docid=203053"]')
    hrefs = [a.get("href") for a in qd.xpath('//ul[@class="cchc-index"]//a')]
    citers = {
        "../../tin-tuc/bao-cao-cchc-2023/",
        "../../tin-tuc/tin-mot-cua/",
        "../../thu-tuc/ho-tich/dang-ky-khai-sinh/",
    }
    # The home page (the fixture's docs/index.md, copied by make_project) cites it too.
    assert set(hrefs) - citers <= {"../../"} and citers <= set(hrefs)


def test_the_register_index_and_the_commune_document(site: Path) -> None:
    index = _html(site, "can-cu-phap-ly")
    numbers = [a.text_content() for a in index.xpath("//tbody/tr/td[1]/a")]
    assert {"61/2018/NĐ-CP", "468/QĐ-TTg", "11/KH-UBND", "60/2014/QH13"} <= set(numbers)
    assert "291/BC-UBND" not in numbers  # only its own header cites it
    own = _html(site, "can-cu-phap-ly/11-kh-ubnd-2023")
    assert own.xpath('//a[@href="../../tin-tuc/ke-hoach-cchc-2023/"]')
    assert "Ủy ban nhân dân xã Thượng Long" in own.text_content()


def test_the_glossary_marks_the_first_use_on_each_page(site: Path) -> None:
    html = (site / "tin-tuc/bao-cao-cchc-2023/index.html").read_text(encoding="utf-8")
    body = html[html.index("Thực hiện") :]
    assert body.count('<abbr title="Ủy ban nhân dân">UBND</abbr>') == 1
    assert (
        '<abbr title="Ủy ban nhân dân">UBND</abbr><span class="cchc-expansion"> (Ủy ban nhân dân)</span>'
        in body
    )
    # given by the official in parentheses: no second expansion
    assert '(<abbr title="cải cách hành chính">CCHC</abbr>)' in body
    assert "291/BC-UBND" in html and "BC-<abbr" not in html
    news = (site / "tin-tuc/tin-mot-cua/index.html").read_text(encoding="utf-8")
    assert '<abbr title="thủ tục hành chính">TTHC</abbr><span class="cchc-expansion">' in news
    glossary = _html(site, "thuat-ngu")
    rows = {tr.get("id"): tr.text_content() for tr in glossary.xpath("//tbody/tr")}
    assert set(rows) == {"ubnd", "cchc", "tthc"} and "Ủy ban nhân dân" in rows["ubnd"]


def test_the_statistics_page_counts_and_draws(site: Path) -> None:
    page = _html(site, "thong-ke")
    assert [h.text_content() for h in page.xpath("//h2")][:2] == ["Năm 2024", "Năm 2023"]
    charts = page.xpath('//figure[@class="cchc-chart"]/*[local-name()="svg"]')
    assert len(charts) == 3  # posts per year, and each year's months
    assert all(c.get("role") == "img" for c in charts)
    desc = " ".join(d.text_content() for d in page.xpath('//*[local-name()="desc"]'))
    assert "2023: 2" in desc and "2024: 1" in desc and "T10: 1" in desc
    text = page.text_content()
    assert "2 tin bài đã đăng; 2 văn bản ban hành." in text
    assert re.search(r"Hộ tịch\s*1", text)
