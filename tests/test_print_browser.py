"""In Chromium: printing (print.css). The sample report printed with ``page.pdf()`` looks
like the paper document on A4 (Decree 30 header first on page 1, page numbers from page 2,
the signature block on one page, no site chrome); every article, document and procedure
prints without navigation, search or sharing, with the URL after external links and the
page's address and date.

``CCHC_PRINT_PNG=<folder>`` keeps the PDF and its pages as PNG (pdftoppm) to look at."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import SUBPATH_URL, PageWatch, build_ok, make_project, post, serve
from test_register_browser import repo_files

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPORT = "tin-tuc/bao-cao-ket-qua-thuc-hien-cong-tac-tuyen-truyen-cai-cach-hanh-chinh-nam-2023/"
ARTICLE = "tin-tuc/bai-co-lien-ket-ngoai/"
PROCEDURE = "thu-tuc/ho-tich/dang-ky-khai-sinh/"
EXTERNAL = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
MM = 96 / 25.4  # CSS pixels per millimetre
PAGE_CONTENT_MM = (210 - 30 - 15, 297 - 20 - 20)  # print.css @page margins


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    posts = repo_files("posts")
    posts["2026/bai-co-lien-ket-ngoai.md"] = post(
        "Bài có liên kết ngoài",
        "2026-03-02",
        extra="slug: bai-co-lien-ket-ngoai\n",
        body=f"Nộp hồ sơ trên [Cổng Dịch vụ công quốc gia]({EXTERNAL}) hoặc tại [Bộ phận Một cửa](../../docs/gioi-thieu.md).\n",
    )
    project = make_project(tmp_path_factory.mktemp("print") / "p", posts=posts, docs=repo_files("docs"))
    return build_ok(project, site_url=SUBPATH_URL)


def squash(text: str) -> str:
    """Text without any white space, NFC (PDF text extraction spaces out Vietnamese letters)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def keep(name: str, pdf: bytes) -> None:
    folder = os.environ.get("CCHC_PRINT_PNG")
    if folder and shutil.which("pdftoppm"):
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", str(out / f"{name}.pdf"), str(out / name)], check=True
        )


def screen_texts(page: object) -> list[str]:
    """The texts of the site's navigation, header, search, footer and sharing on screen."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll(
            '.md-header a, .md-header input, .md-tabs a, .md-nav--primary a, .md-footer a, .md-footer p,'
            + ' .cchc-crumbs a, .cchc-share button, .cchc-share a, .cchc-tags a, .cchc-meta'
        )).map(e => (e.innerText || e.placeholder || '').trim()).filter(t => t.length > 3)"""
    )


def test_the_sample_report_prints_like_the_paper_document(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base + REPORT)  # type: ignore[attr-defined]
        body = squash(
            page.evaluate(  # type: ignore[attr-defined]
                """() => { const a = document.querySelector('article').cloneNode(true);
                a.querySelectorAll('h1, nav, .cchc-meta, .cchc-share, .cchc-actions, .cchc-doc-file,'
                  + ' .cchc-doc-facts, .cchc-attachments').forEach(e => e.remove());
                return a.textContent; }"""
            )
        )
        chrome = [t for t in screen_texts(page) if squash(t) not in body]  # "Zalo" is in the report too
        title = page.locator("h1").inner_text()  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        page.set_viewport_size({"width": round(PAGE_CONTENT_MM[0] * MM), "height": 1000})  # type: ignore[attr-defined]
        height = page.locator("article.md-content__inner").evaluate("a => a.getBoundingClientRect().height")  # type: ignore[attr-defined]
        pdf = page.pdf(format="A4", prefer_css_page_size=True)  # type: ignore[attr-defined]
        watch.assert_clean()
    keep("bao-cao-291", pdf)

    reader = PdfReader(io.BytesIO(pdf))
    pages = [squash(p.extract_text()) for p in reader.pages]
    for sheet in reader.pages:
        width_mm, height_mm = (float(v) * 25.4 / 72 for v in (sheet.mediabox.width, sheet.mediabox.height))
        assert abs(width_mm - 210) < 1 and abs(height_mm - 297) < 1  # A4
    first = pages[0]
    # Page 1 starts with the issuer (its supervising body above it), then the national motto.
    issuer = squash("ỦY BAN NHÂN DÂN HUYỆN NAM ĐÔNG ỦY BAN NHÂN DÂN XÃ THƯỢNG LONG")
    assert first.startswith(issuer), first[:120]
    head = first[: len(issuer) + 120]
    assert (
        squash("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in head and squash("Độc lập - Tự do - Hạnh phúc") in head
    )
    assert squash("Số: 291/BC-UBND") in head
    assert squash("Thượng Long, ngày 26 tháng 10 năm 2023") in head
    assert first.index(squash("BÁO CÁO")) > first.index(squash("Thượng Long, ngày"))
    # The page count matches the content: as many A4 pages as its printed height needs, none blank,
    # the last one ending with the signature block and the page's address.
    assert len(pages) == math.ceil(height / (PAGE_CONTENT_MM[1] * MM)), (len(pages), height)
    assert all(len(text) > 100 for text in pages)
    assert squash("Phạm Văn Núi") in pages[-1] and pages[-1].endswith("26/10/2023")
    # Page numbers centred at the top from page 2 (Decree 30), none on page 1.
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith(str(number)), text[:40]
    # The signature block on one page: authority, position, name and recipients together.
    (sign,) = [t for t in pages if squash("TM. ỦY BAN NHÂN DÂN") in t]
    for part in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Phạm Văn Núi", "Nơi nhận:", "Lưu: VT."):
        assert squash(part) in sign, part
    everything = "".join(pages)
    assert squash("Nguồn: " + SUBPATH_URL + REPORT) in everything  # the page's address and date
    # No web title, meta line, file block, facts table, topic buttons, navigation or site chrome.
    assert squash(title) not in everything
    for unwanted in (
        "Tải văn bản",
        "Thông tin văn bản",
        "Loại văn bản",
        "Người đăng",
        "Tệp đính kèm",
        "Chủ đề:",
    ):
        assert squash(unwanted) not in everything, unwanted
    assert chrome and "Tìm kiếm" in chrome
    for text in chrome:
        assert squash(text) not in everything, text


@pytest.mark.parametrize("where", [ARTICLE, REPORT, PROCEDURE])
def test_every_page_prints_without_navigation_search_or_sharing(
    site: Path, page_watch: object, where: str
) -> None:
    page = page_watch
    with serve(site) as base:
        page.goto(base + where)  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        for selector in (
            ".md-header",
            ".md-tabs",
            ".md-sidebar--primary",
            ".md-search",
            ".md-footer",
            ".cchc-share",
            ".cchc-crumbs",
            ".cchc-actions",
        ):
            found = page.locator(selector)  # type: ignore[attr-defined]
            assert found.count() == 0 or not found.first.is_visible(), selector
        if where == PROCEDURE:  # the checklist's own footer: address of the page and date checked
            text = page.locator(".tthc-qr").inner_text()  # type: ignore[attr-defined]
            assert SUBPATH_URL + where in text and "Thông tin kiểm tra ngày" in text
        else:
            source = page.locator(".cchc-print-source")  # type: ignore[attr-defined]
            assert source.is_visible() and SUBPATH_URL + where in source.inner_text()
            page.emulate_media(media="screen")  # type: ignore[attr-defined]
            assert not source.is_visible()  # paper only


def test_external_links_print_their_address(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        page.goto(base + ARTICLE)  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        outside = page.get_by_role("link", name="Cổng Dịch vụ công quốc gia")  # type: ignore[attr-defined]
        inside = page.get_by_role("link", name="Bộ phận Một cửa")  # type: ignore[attr-defined]
        after = "e => getComputedStyle(e, '::after').content"
        assert outside.evaluate(after) == '" (" attr(href) ")"' or EXTERNAL in outside.evaluate(after)
        assert inside.evaluate(after) in ("none", "normal")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)  # type: ignore[attr-defined]
    keep("bai-co-lien-ket-ngoai", pdf)
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert squash(f"Cổng Dịch vụ công quốc gia ({EXTERNAL})") in text
    assert squash("Bộ phận Một cửa (") not in text
    assert squash(f"Nguồn: {SUBPATH_URL}{ARTICLE} · Đăng ngày 02/03/2026") in text
    assert text.startswith(squash("Bài có liên kết ngoài"))  # an article keeps its title on paper
