"""In Chromium: the documents register (van-ban/) filtered by type, year and text, with and
without diacritics, the same vectors as the Python rule; without JavaScript the full table
and the pages per type and year; on a phone, labelled cards."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURE, SUBPATH_URL, PageWatch, build_ok, make_project, serve
from test_documents import FILTER_VECTORS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SAMPLE = {"62/QĐ-UBND", "05/TB-UBND", "291/BC-UBND", "11/KH-UBND"}


def repo_files(folder: str) -> dict[str, str | bytes]:
    """Every file of the fixture's ``posts/`` or ``docs/`` (the sample site)."""
    base = FIXTURE / folder
    return {str(p.relative_to(base)): p.read_bytes() for p in base.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("register") / "p", posts=repo_files("posts"), docs=repo_files("docs")
    )
    return build_ok(project, site_url=SUBPATH_URL)


def shown(page: object) -> list[str]:
    """The numbers of the documents the table shows right now."""
    return page.locator(".cchc-register tbody tr:visible td:first-child").all_inner_texts()  # type: ignore[attr-defined]


def test_filter_by_type_year_and_text(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base + "van-ban/")  # type: ignore[attr-defined]
        everything = shown(page)
        assert set(everything) >= SAMPLE
        status = page.locator(".cchc-register-filter__status")  # type: ignore[attr-defined]
        assert status.inner_text() == f"Đang hiển thị tất cả {len(everything)} văn bản."
        kind = page.get_by_label("Loại văn bản")  # type: ignore[attr-defined]
        year = page.get_by_label("Năm ban hành")  # type: ignore[attr-defined]
        query = page.get_by_label("Tìm theo số, trích yếu, cơ quan")  # type: ignore[attr-defined]
        empty = page.locator("[data-cchc-register-empty]")  # type: ignore[attr-defined]

        kind.select_option(label="Báo cáo")
        assert shown(page) == [n for n in everything if "/BC-" in n]
        assert status.inner_text() == f"Có {len(shown(page))}/{len(everything)} văn bản phù hợp."
        kind.select_option(value="")
        year.select_option("2024")
        assert set(shown(page)) >= {"62/QĐ-UBND", "05/TB-UBND"} and "291/BC-UBND" not in shown(page)
        kind.select_option(label="Báo cáo")  # no report of 2024
        assert shown(page) == [] and empty.is_visible()
        assert status.inner_text() == f"Có 0/{len(everything)} văn bản phù hợp."
        year.select_option("2023")
        assert "291/BC-UBND" in shown(page) and not empty.is_visible()
        kind.select_option(value="")
        year.select_option(value="")

        for text, numbers in FILTER_VECTORS:  # the Python rule's vectors (test_documents.py)
            for typed in (text, unicodedata.normalize("NFD", text)):
                query.fill(typed)
                assert set(shown(page)) & SAMPLE == numbers, typed
        query.fill("")
        query.press_sequentially("giáp thìn")  # typed key by key
        assert shown(page) == ["05/TB-UBND"]
        query.fill("GIAP THIN")
        assert shown(page) == ["05/TB-UBND"]
        year.select_option("2023")
        assert shown(page) == [] and empty.is_visible()
        watch.assert_clean()


def test_a_link_can_open_the_register_filtered(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        page.goto(base + "van-ban/?loai=quyet-dinh&nam=2024&q=kien%20toan")  # type: ignore[attr-defined]
        assert shown(page) == ["62/QĐ-UBND"]
        assert page.get_by_label("Tìm theo số, trích yếu, cơ quan").input_value() == "kien toan"  # type: ignore[attr-defined]
        page.goto(base + "van-ban/?loai=%22%5D%3Cx&nam=1")  # type: ignore[attr-defined]  # unknown values: ignored
        assert len(shown(page)) >= len(SAMPLE)


def test_without_javascript_the_full_list_and_the_type_and_year_pages(site: Path, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        with serve(site) as base:
            watch = PageWatch(page, base)
            page.goto(base + "van-ban/")
            assert not page.locator("form[data-cchc-register-filter]").is_visible()  # no dead controls
            assert set(shown(page)) >= SAMPLE
            assert not page.locator("[data-cchc-register-empty]").is_visible()
            page.locator(".cchc-register-browse").get_by_role("link", name="Báo cáo", exact=True).click()
            assert page.url == base + "van-ban/loai/bao-cao/"
            assert page.locator("h1").inner_text() == "Văn bản: Báo cáo"
            assert set(shown(page)) == {n for n in shown(page) if "/BC-" in n} and "291/BC-UBND" in shown(
                page
            )
            page.get_by_role("link", name="← Tất cả văn bản").click()
            page.locator(".cchc-register-browse").get_by_role("link", name="2023", exact=True).click()
            assert page.url == base + "van-ban/nam/2023/"
            assert {"291/BC-UBND", "11/KH-UBND"} <= set(shown(page)) and "62/QĐ-UBND" not in shown(page)
            watch.assert_clean()
    finally:
        context.close()


def test_on_a_phone_each_row_is_a_labelled_card(site: Path, browser: object) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        with serve(site) as base:
            page.goto(base + "van-ban/")
            table = page.locator("table.cchc-register")
            assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")  # nothing sideways
            width = page.evaluate("() => document.documentElement.clientWidth")
            box = table.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
            assert not page.locator(".cchc-register thead").is_visible() or table.locator("thead").evaluate(
                "h => h.getBoundingClientRect().height <= 1"
            )
            row = page.locator(".cchc-register tbody tr").filter(has_text="291/BC-UBND")
            labels = row.locator("td").evaluate_all(
                "cells => cells.map(c => getComputedStyle(c, '::before').content)"
            )
            assert labels == [
                '"Số, ký hiệu"',
                '"Loại"',
                '"Ngày ban hành"',
                '"Ngày hiệu lực"',
                '"Cơ quan ban hành"',
                '"Trích yếu"',
                '"Tệp"',
            ]
            cells = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c).display)")
            assert set(cells) == {"grid"}  # stacked, not table cells side by side
            for selector in ("#vb-q", "#vb-loai", "#vb-nam"):
                size = page.locator(selector).bounding_box()
                assert size is not None and size["height"] >= 44, selector  # tap targets
    finally:
        context.close()
