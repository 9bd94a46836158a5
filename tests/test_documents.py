"""Official documents: the signer block in every case of Decree 30, the register's data
(pages, filter rule, ``van-ban/index.json``) and each document page's schema.org JSON-LD.
Built from the suite's sample content (``tests/fixtures/sample-commune``) without an engine
(fast tier)."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from typing import Any

import lxml.html
import pytest
from pydantic import ValidationError

from cchc.build import commands, generate
from cchc.build.pipeline import SiteBuild
from cchc.core.settings import TIMEZONE, load_settings
from cchc.documents import data, register
from cchc.documents.model import Document, Signer
from cchc.documents.pages import render_footer
from cchc.posts.model import Post
from conftest import FIXTURE_ROOT, REPO

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)

DOC = {
    "number": "12/QĐ-UBND",
    "type": "Quyết định",
    "issued": "2024-03-05",
    "issuer": "Ủy ban nhân dân xã Thượng Long",
    "place": "Thượng Long",
}


def document(authority: list[str] | None, title: str, name: str = "Nguyễn Văn Bình") -> Document:
    signer: dict[str, Any] = {"title": title, "name": name}
    if authority is not None:
        signer["authority"] = authority
    return Document.model_validate({**DOC, "signer": signer})


def signer_lines(doc: Document) -> list[str]:
    """The signature block as printed: its lines from top to bottom."""
    root = lxml.html.fragment_fromstring(render_footer(doc), create_parent="div")
    (block,) = root.find_class("cchc-doc__signer")
    return [p.text_content() for p in block.iter("p")]


# --- the signer block (Decree 30/2020/NĐ-CP, Điều 13) -------------------------------------------

CASES = [
    # (authority, title, lines printed above the name, case)
    ([], "CHỦ TỊCH", ["CHỦ TỊCH"], "truc-tiep"),
    (None, "Chủ tịch", ["CHỦ TỊCH"], "truc-tiep"),
    (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "thay-mat"),
    (
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "PHÓ CHỦ TỊCH",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "thay-mat-ky-thay",
    ),
    (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "ky-thay"),
    (["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], "thua-lenh"),
    (
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"],
        "PHÓ CHÁNH VĂN PHÒNG",
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
        "thua-lenh-ky-thay",
    ),
    (["TUQ. CHỦ TỊCH"], "TRƯỞNG CÔNG AN XÃ", ["TUQ. CHỦ TỊCH", "TRƯỞNG CÔNG AN XÃ"], "thua-uy-quyen"),
    (["tm. ủy ban nhân dân"], "Q. CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"], "thay-mat"),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "thay-mat"),  # one line
]


@pytest.mark.parametrize(
    ("authority", "title", "lines", "case"), CASES, ids=[c[3] + "-" + c[1] for c in CASES]
)
def test_each_case_of_decree_30_renders_as_on_paper(
    authority: list[str] | None, title: str, lines: list[str], case: str
) -> None:
    doc = document(authority, title)
    assert doc.signer.case == case
    assert signer_lines(doc) == [*lines, "(Đã ký)", "Nguyễn Văn Bình"]
    footer = render_footer(doc)
    assert f"cchc-doc__signer--{case}" in footer


REFUSED = [
    # (authority, title, parts of the message, parts of the fix)
    (["CHỦ TỊCH"], "CHỦ TỊCH", ["trùng với chức vụ", "CHỦ TỊCH / CHỦ TỊCH"], ["bỏ hẳn «authority»"]),
    (["Chủ tịch"], "CHỦ TỊCH", ["trùng với chức vụ"], ["TM. ỦY BAN NHÂN DÂN"]),
    (["ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", ["phải bắt đầu bằng TM., KT., TL. hoặc TUQ."], ["KT. CHỦ TỊCH"]),
    (["KT CHỦ TỊCH"], "PHÓ CHỦ TỊCH", ["thiếu dấu chấm sau «KT»"], ["«KT. CHỦ TỊCH»"]),
    (
        ["KT. CHỦ TỊCH"],
        "CHỦ TỊCH",
        ["người ký thay CHỦ TỊCH", "không thể giữ chức CHỦ TỊCH"],
        ["PHÓ CHỦ TỊCH"],
    ),
    (["TL. CHỦ TỊCH"], "Chủ tịch", ["người thừa lệnh CHỦ TỊCH"], ["CHÁNH VĂN PHÒNG"]),
    (["TUQ. CHỦ TỊCH"], "CHỦ TỊCH", ["người thừa ủy quyền CHỦ TỊCH"], ["bỏ dòng «TUQ. CHỦ TỊCH»"]),
    (["TM. ỦY BAN NHÂN DÂN"], "PHÓ CHỦ TỊCH", ["Cấp phó («PHÓ CHỦ TỊCH»)", "«KT. …»"], ["KT. CHỦ TỊCH"]),
    ([], "Phó Chủ tịch", ["Cấp phó"], ["KT. CHỦ TỊCH"]),
    (
        ["KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"],
        "PHÓ CHỦ TỊCH",
        ["«TM.»", "dòng đầu tiên"],
        ["Các cách ghi đúng"],
    ),
    (["TM. ỦY BAN NHÂN DÂN", "TM. HỘI ĐỒNG"], "CHỦ TỊCH", ["chỉ ghi một lần"], ["Các cách ghi đúng"]),
    (["TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", ["sau «TM.»"], ["TL. CHỦ TỊCH / CHÁNH"]),
    (["TUQ. CHỦ TỊCH", "KT. TRƯỞNG CÔNG AN"], "PHÓ TRƯỞNG CÔNG AN", ["không được ủy quyền lại"], []),
    (["KT. CHỦ TỊCH", "TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", ["«KT.» là dòng cuối cùng"], []),
    (["Q. CHỦ TỊCH"], "CHỦ TỊCH", ["«Q.» (quyền cấp trưởng)"], ["title: Q. CHỦ TỊCH"]),
    (["TM. ỦY BAN NHÂN DÂN", " "], "CHỦ TỊCH", ["không được để trống"], ["Xóa dòng trống"]),
    (["TM."], "CHỦ TỊCH", ["phải bắt đầu bằng"], []),
]


@pytest.mark.parametrize(("authority", "title", "message", "fix"), REFUSED, ids=[str(r[0]) for r in REFUSED])
def test_invalid_combinations_are_refused_with_a_vietnamese_message(
    authority: list[str], title: str, message: list[str], fix: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        document(authority, title)
    (error,) = caught.value.errors()
    assert error["loc"] == ("signer",) or error["loc"][0] == "signer"
    text, how = error["ctx"]["message"], error["ctx"]["fix"]
    for part in message:
        assert part in text, (part, text)
    for part in fix:
        assert part in how, (part, how)


def test_the_signer_accepts_nfd_and_the_tuq_spelling_with_u_horn() -> None:
    nfd = unicodedata.normalize("NFD", "TƯQ. CHỦ TỊCH")
    signer = Signer(authority=(nfd,), title="TRƯỞNG CÔNG AN XÃ", name="A")
    assert signer.case == "thua-uy-quyen"
    assert signer.authority == ("TƯQ. CHỦ TỊCH",)


# --- the register -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def build() -> SiteBuild:
    settings = load_settings(FIXTURE_ROOT)
    setup = commands.setup_from_config(generate.read_config(FIXTURE_ROOT))
    site = SiteBuild(settings, setup, now=NOW)
    site.render(None)
    return site


@pytest.fixture(scope="module")
def docs(build: SiteBuild) -> list[Post]:
    return register.documents(build.posts)


def by_number(docs: list[Post], number: str) -> Post:
    (post,) = [p for p in docs if p.document and p.document.number == number]
    return post


def html(build: SiteBuild, uri: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(build.pages[uri].content, create_parent="div")


@pytest.mark.slow
def test_every_document_is_in_the_register_newest_issue_date_first(
    build: SiteBuild, docs: list[Post]
) -> None:
    assert {p.src_uri for p in docs} == {p.src_uri for p in build.posts if p.document}
    assert len(docs) >= 4
    issued = [p.document.issued for p in docs]  # type: ignore[union-attr]
    assert issued == sorted(issued, reverse=True)
    rows = html(build, "van-ban/index.md").xpath("//table[@class='cchc-register']/tbody/tr")
    assert [r.xpath("string(td[1])") for r in rows] == [p.document.number for p in docs]  # type: ignore[union-attr]


def test_register_rows_carry_every_column_with_its_label(build: SiteBuild, docs: list[Post]) -> None:
    page = html(build, "van-ban/index.md")
    labels = [th.text_content() for th in page.xpath("//thead//th")]
    assert labels == [
        "Số, ký hiệu",
        "Loại",
        "Ngày ban hành",
        "Ngày hiệu lực",
        "Cơ quan ban hành",
        "Trích yếu",
        "Tệp",
    ]
    decision = by_number(docs, "62/QĐ-UBND")
    for row in page.xpath("//tbody/tr"):
        assert [td.get("data-label") for td in row.iter("td")] == labels  # the phone's card labels
    (row,) = page.xpath("//tbody/tr[td[1]/a[text()='62/QĐ-UBND']]")
    cells = [" ".join(td.text_content().split()) for td in row.iter("td")]
    assert cells[:6] == [
        "62/QĐ-UBND",
        "Quyết định",
        "16/05/2024",
        "16/05/2024",
        "Ủy ban nhân dân xã Thượng Long",
        decision.document.abstract,  # type: ignore[union-attr]
    ]
    assert cells[6].startswith("PDF") and cells[6].endswith("KB")
    assert row.get("data-type") == "quyet-dinh" and row.get("data-year") == "2024"
    file_link = row.xpath("td[7]//a")[0]
    assert (
        file_link.get("href") == f"../{decision.url}62-qd-ubnd-2024.pdf" and file_link.get("download") == ""
    )
    plan = by_number(docs, "11/KH-UBND")  # no effective date, no file
    (row,) = page.xpath(f"//tbody/tr[td[1]/a[@href='../{plan.url}']]")
    assert row.xpath("string(td[4])") == "Không ghi" and row.xpath("string(td[7])") == "Không có"


def test_the_filter_form_is_hidden_until_javascript_and_lists_types_and_years(
    build: SiteBuild, docs: list[Post]
) -> None:
    page = html(build, "van-ban/index.md")
    (form,) = page.xpath("//form[@data-cchc-register-filter]")
    # No JavaScript: the full table, no dead controls (Material's no-js class hides the form;
    # with scripts it is there from the first paint: no layout shift). In Chromium:
    # test_register_browser.py::test_without_javascript_the_full_list_and_the_type_and_year_pages.
    assert form.get("hidden") is None
    css = (REPO / "overrides/assets/stylesheets/register.css").read_text(encoding="utf-8")
    assert ".no-js .md-typeset .cchc-register-filter { display: none; }" in css
    types = {o.get("value"): o.text for o in form.xpath(".//select[@id='vb-loai']/option")}
    years = [o.get("value") for o in form.xpath(".//select[@id='vb-nam']/option")]
    assert (
        types[""] == "Tất cả các loại"
        and types["bao-cao"] == "Báo cáo"
        and types["quyet-dinh"] == "Quyết định"
    )
    assert years[0] == "" and years[1:] == sorted({str(p.document.issued.year) for p in docs}, reverse=True)  # type: ignore[union-attr]
    assert page.xpath("//label[@for='vb-q']") and page.xpath("//*[@role='status']")


def test_a_page_per_type_and_per_year(build: SiteBuild, docs: list[Post]) -> None:
    for group in register.by_type(docs) + register.by_year(docs):
        page = build.pages[f"{group.url}index.md"]
        assert page.kind == "listing" and page.plain_html and not page.searchable
        rows = html(build, page.src_uri).xpath("//tbody/tr")
        assert [r.xpath("string(td[1])") for r in rows] == [p.document.number for p in group.posts]  # type: ignore[union-attr]
        assert not html(build, page.src_uri).xpath("//form")  # the filter is the main page's
    assert build.pages["van-ban/loai/bao-cao/index.md"].title == "Văn bản: Báo cáo"
    assert build.pages["van-ban/nam/2023/index.md"].title == "Văn bản năm 2023"
    year_2023 = html(build, "van-ban/nam/2023/index.md")
    assert {r.xpath("string(td[1])") for r in year_2023.xpath("//tbody/tr")} == {"291/BC-UBND", "11/KH-UBND"}
    index = html(build, "van-ban/loai/index.md")
    assert "Báo cáo (1 văn bản)" in " ".join(index.text_content().split())
    links = {a.text: a.get("href") for a in html(build, "van-ban/index.md").xpath("//nav//a")}
    assert links["Báo cáo"] == "loai/bao-cao/" and links["2023"] == "nam/2023/"


# The text filter: the same vectors run in Chromium (tests/test_register_browser.py).
FILTER_VECTORS = [
    (v["query"], set(v["numbers"]))
    for v in json.loads((REPO / "tests" / "register_vectors.json").read_text(encoding="utf-8"))["vectors"]
]


@pytest.mark.parametrize(("query", "numbers"), FILTER_VECTORS, ids=[q or "empty" for q, _ in FILTER_VECTORS])
def test_the_text_filter_folds_vietnamese_like_the_site_search(
    docs: list[Post], query: str, numbers: set[str]
) -> None:
    sample = [
        p for p in docs if p.document.number in {"62/QĐ-UBND", "05/TB-UBND", "291/BC-UBND", "11/KH-UBND"}
    ]  # type: ignore[union-attr]
    found = {p.document.number for p in sample if register.matches(query, register.search_key(p))}  # type: ignore[union-attr]
    assert found == numbers
    nfd = unicodedata.normalize("NFD", query)
    assert {p.document.number for p in sample if register.matches(nfd, register.search_key(p))} == numbers  # type: ignore[union-attr]


def test_row_search_text_is_folded_words(docs: list[Post]) -> None:
    key = register.search_key(by_number(docs, "62/QĐ-UBND"))
    assert key.startswith("62 qd ubnd quiet dinh ")  # y -> i, as cchc.core.text.fold
    assert key == key.lower() and key.isascii()


# --- van-ban/index.json ------------------------------------------------------------------------


@pytest.mark.slow
def test_index_json_carries_the_register_with_absolute_urls(build: SiteBuild, docs: list[Post]) -> None:
    outputs = build.outputs()
    index = json.loads(outputs["van-ban/index.json"])
    site = build.settings.site_url
    assert index["trang"] == site + "van-ban/" and index["so_luong"] == len(docs)
    assert [r["so_ky_hieu"] for r in index["van_ban"]] == [p.document.number for p in docs]  # type: ignore[union-attr]
    (decision,) = [r for r in index["van_ban"] if r["so_ky_hieu"] == "62/QĐ-UBND"]
    post = by_number(docs, "62/QĐ-UBND")
    assert decision["loai"] == "Quyết định"
    assert decision["ngay_ban_hanh"] == "2024-05-16" and decision["ngay_hieu_luc"] == "2024-05-16"
    assert decision["co_quan_ban_hanh"] == "Ủy ban nhân dân xã Thượng Long"
    assert decision["trich_yeu"] == post.document.abstract  # type: ignore[union-attr]
    assert decision["url"] == site + post.url
    assert decision["tep_van_ban"] == site + post.url + "62-qd-ubnd-2024.pdf"
    (file,) = decision["tep_dinh_kem"]
    assert file["url"] == decision["tep_van_ban"] and file["loai"] == "PDF"
    assert file["dinh_dang"] == "application/pdf"
    assert file["kich_thuoc"] == post.attachments[0].asset.size > 0
    assert decision["nguoi_ky"] == {
        "quyen_han": ["TM. ỦY BAN NHÂN DÂN"],
        "chuc_vu": "CHỦ TỊCH",
        "ho_ten": "Nguyễn Văn Bình",
    }
    (plan,) = [r for r in index["van_ban"] if r["so_ky_hieu"] == "11/KH-UBND"]
    assert plan["ngay_hieu_luc"] is None and plan["tep_van_ban"] is None and plan["tep_dinh_kem"] == []
    assert outputs["van-ban/index.json"] == build.outputs()["van-ban/index.json"]  # reproducible


# --- schema.org JSON-LD ------------------------------------------------------------------------


def json_ld_of(build: SiteBuild, post: Post) -> dict[str, Any]:
    page = lxml.html.fragment_fromstring(build.pages[post.src_uri].content, create_parent="div")
    (script,) = page.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("62/QĐ-UBND", "Legislation"),
        ("291/BC-UBND", "Report"),
        ("05/TB-UBND", "DigitalDocument"),
        ("11/KH-UBND", "DigitalDocument"),
    ],
)
def test_each_document_page_carries_json_ld_of_its_type(
    build: SiteBuild, docs: list[Post], number: str, kind: str
) -> None:
    post = by_number(docs, number)
    doc = post.document
    assert doc is not None
    found = json_ld_of(build, post)
    assert found == data.json_ld(post, build.settings)
    assert found["@context"] == "https://schema.org" and found["@type"] == kind
    assert found["identifier"] == number and found["url"] == build.settings.absolute(post.url)
    assert found["dateCreated"] == doc.issued.isoformat() and found["inLanguage"] == "vi"
    assert found["author"]["name"] == doc.issuer and found["author"]["@type"] == "GovernmentOrganization"
    assert found["accountablePerson"] == {
        "@type": "Person",
        "name": doc.signer.name,
        "jobTitle": doc.signer.title,
    }
    if kind == "Legislation":
        assert found["legislationIdentifier"] == number and found["legislationType"] == "Quyết định"
        assert found["legislationDate"] == "2024-05-16" and found["temporalCoverage"] == "2024-05-16/.."
        assert found["legislationPassedBy"]["name"] == doc.issuer
    if kind == "Report":
        assert found["reportNumber"] == number
    for media in found.get("encoding", []):
        assert media["contentUrl"].startswith(build.settings.site_url) and media["encodingFormat"]


SCHEMA_TYPES = {
    "Nghị quyết": "Legislation",
    "Chỉ thị": "Legislation",
    "Quy chế": "Legislation",
    "QUYẾT ĐỊNH": "Legislation",
    "Báo cáo": "Report",
    "Công văn": "DigitalDocument",
    "Tờ trình": "DigitalDocument",
    "Kế hoạch": "DigitalDocument",
}


def test_schema_type_by_document_type() -> None:
    signer = {"title": "CHỦ TỊCH", "name": "A"}
    found = {
        n: data.schema_type(Document.model_validate({**DOC, "type": n, "signer": signer}))
        for n in SCHEMA_TYPES
    }
    assert found == SCHEMA_TYPES


def test_json_ld_cannot_close_its_script_element(build: SiteBuild, docs: list[Post]) -> None:
    post = by_number(docs, "291/BC-UBND")
    hostile = post.__class__(**{**post.__dict__, "title": '</script><script>alert(1)</script> & "q"'})
    from cchc.documents.pages import render_top

    top = render_top(hostile, build.settings)
    assert "</script><script>" not in top and "\\u003c/script\\u003e" in top


def test_the_document_file_is_offered_at_the_top(build: SiteBuild, docs: list[Post]) -> None:
    post = by_number(docs, "291/BC-UBND")
    page = lxml.html.fragment_fromstring(build.pages[post.src_uri].content, create_parent="div")
    blocks = [e.get("class") for e in page if e.tag in ("div", "table", "section")]
    assert blocks.index("cchc-doc-file") < blocks.index("cchc-doc") < blocks.index("cchc-doc-sign")
    (button,) = page.xpath("//div[@class='cchc-doc-file']//a[contains(@class, 'md-button')]")
    assert button.get("href") == "291-bc-ubnd-2023.pdf" and button.get("download") == ""
    assert " ".join(button.text_content().split()).startswith("Tải văn bản (PDF, ")
    text = page.xpath("string(//div[@class='cchc-doc-file'])")
    assert "Báo cáo số 291/BC-UBND (bản PDF)" in text and "KB)" in text
    source = page.xpath("//p[contains(@class, 'cchc-print-source')]")[0]
    assert (
        build.settings.absolute(post.url) in source.text_content() and "26/10/2023" in source.text_content()
    )
