"""In Chromium: the procedure index filter, the print button and the printed A4 checklist."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from conftest import SUBPATH_URL, PageWatch, build_ok, make_project, serve
from test_procedures import FIXTURE_POSTS, fixture_docs

pytestmark = [pytest.mark.slow, pytest.mark.browser]

KHAI_SINH = "thu-tuc/ho-tich/dang-ky-khai-sinh/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("tthc-browser") / "p", posts=FIXTURE_POSTS, docs=fixture_docs()
    )
    return build_ok(project, site_url=SUBPATH_URL)


def shown(page: object) -> list[str]:
    """Names of the procedures the index shows right now."""
    return page.locator(".tthc-results .tthc-item:visible .tthc-item__name").all_inner_texts()  # type: ignore[attr-defined]


def test_filter_folds_vietnamese_and_combines_field_and_level(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base + "thu-tuc/")  # type: ignore[attr-defined]
        query = page.get_by_label("Tìm theo tên hoặc mã")  # type: ignore[attr-defined]
        status = page.locator(".tthc-filter__status")  # type: ignore[attr-defined]
        assert query.is_visible() and len(shown(page)) == 5
        assert status.inner_text() == "Đang hiển thị tất cả 5 thủ tục."

        query.press_sequentially("ho tich")
        assert shown(page) == ["Đăng ký khai sinh", "Đăng ký khai tử"]
        assert status.inner_text() == "Có 2/5 thủ tục phù hợp."
        assert not page.get_by_role("heading", name="Đất đai (2 thủ tục)").is_visible()  # type: ignore[attr-defined]

        query.fill("")
        query.press_sequentially("đất đai")
        assert shown(page) == ["Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Hòa giải tranh chấp đất đai"]

        query.fill(unicodedata.normalize("NFD", "HỘ KINH DOANH"))  # decomposed input, capitals
        assert shown(page) == ["Đăng ký thành lập hộ kinh doanh"]
        query.fill("1.012812")
        assert shown(page) == ["Hòa giải tranh chấp đất đai"]
        query.fill("kh sinh")  # word beginnings
        assert shown(page) == ["Đăng ký khai sinh"]
        for spelling in ("dang ky khai tu", "đăng kí khai tử"):  # ký/kí: y and i fold together
            query.fill(spelling)
            assert shown(page) == ["Đăng ký khai tử"], spelling

        query.fill("")
        page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")  # type: ignore[attr-defined]
        page.get_by_label("Nộp trực tuyến").select_option(label="Một phần")  # type: ignore[attr-defined]
        assert shown(page) == ["Đăng ký khai tử"]
        page.get_by_label("Lĩnh vực").select_option(label="Tất cả lĩnh vực")  # type: ignore[attr-defined]
        assert shown(page) == ["Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Đăng ký khai tử"]

        empty = page.locator("[data-tthc-empty]")  # type: ignore[attr-defined]
        assert not empty.is_visible()
        query.fill("cap phep xay dung")
        assert shown(page) == [] and empty.is_visible()
        watch.assert_clean()


def test_without_javascript_the_full_list_shows(site: Path, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        with serve(site) as base:
            page.goto(base + "thu-tuc/")
            assert not page.locator("form[data-tthc-filter]").is_visible()
            assert len(shown(page)) == 5
            page.goto(base + KHAI_SINH)
            assert not page.get_by_role("button", name="In danh sách giấy tờ").is_visible()
    finally:
        context.close()


def contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_online_level_badges_have_text_and_enough_contrast(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        page.goto(base + "thu-tuc/")  # type: ignore[attr-defined]
        for css, label in (
            ("toan-trinh", "Toàn trình"),
            ("mot-phan", "Một phần"),
            ("khong", "Không trực tuyến"),
        ):
            badge = page.locator(f".tthc-results .tthc-badge--{css}").first  # type: ignore[attr-defined]
            assert badge.inner_text() == label
            colours = badge.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
            assert contrast(*colours) >= 4.5, (css, colours)


def squash(text: str) -> str:
    """Text without any white space, NFC (PDF text extraction spaces out Vietnamese letters)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def qr_modules(image: object, size: int) -> list[list[bool]]:
    """The dark/light modules of a QR image with a 4-module quiet zone."""
    grey = image.convert("L")  # type: ignore[attr-defined]
    cell = grey.width / (size + 8)
    return [
        [grey.getpixel((int((c + 4.5) * cell), int((r + 4.5) * cell))) < 128 for c in range(size)]
        for r in range(size)
    ]


def test_print_button_and_one_page_a4_checklist(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base + KHAI_SINH)  # type: ignore[attr-defined]
        assert not page.locator(".tthc-qr").is_visible()  # type: ignore[attr-defined]  # print only
        button = page.get_by_role("button", name="In danh sách giấy tờ")  # type: ignore[attr-defined]
        assert button.is_visible()
        page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")  # type: ignore[attr-defined]
        button.click()
        assert page.evaluate("() => window.printed") == 1  # type: ignore[attr-defined]

        page.emulate_media(media="print")  # type: ignore[attr-defined]
        for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", ".md-footer"):
            assert not page.locator(chrome).first.is_visible(), chrome  # type: ignore[attr-defined]
        assert page.locator(".tthc-qr img").is_visible()  # type: ignore[attr-defined]
        pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
        watch.assert_clean()

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    sheet = reader.pages[0]
    width_mm, height_mm = (float(v) * 25.4 / 72 for v in (sheet.mediabox.width, sheet.mediabox.height))
    assert abs(width_mm - 210) < 1 and abs(height_mm - 297) < 1  # A4
    text = squash(sheet.extract_text())
    for wanted in (
        "ỦY BAN NHÂN DÂN XÃ THƯỢNG LONG",
        "Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Biên bản xác nhận việc trẻ bị bỏ rơi",
        "Ngay trong ngày; hồ sơ nhận sau 15 giờ",  # time limit
        "Miễn lệ phí khi đăng ký đúng hạn",  # fee
        "Thôn 5, xã Thượng Long, thành phố Huế",  # address
        "Thứ Hai đến Thứ Sáu",  # opening hours
        SUBPATH_URL + KHAI_SINH,
    ):
        assert squash(wanted) in text, wanted
    for unwanted in (
        "Trình tự thực hiện",
        "Căn cứ pháp lý",
        "Tin tức",
        "Giới thiệu, liên hệ",
        "Tìm kiếm",
        "Bản quyền",
    ):
        assert squash(unwanted) not in text, unwanted

    (image,) = sheet.images
    qr = segno.make(SUBPATH_URL + KHAI_SINH, error="m")
    expected = [[bool(module) for module in row] for row in qr.matrix]
    assert qr_modules(image.image, len(expected)) == expected
