"""In Chromium: the site served under a sub-path works, with no console error and no
request to another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SUBPATH_URL, PageWatch, build_ok, make_project, post, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    posts = {
        "2024/a.md": post(
            "Bộ phận Một cửa mở cửa cả sáng thứ Bảy",
            "2024-04-02",
            "[Thông báo]",
            "tags: [Một cửa]\n",
            "Từ tháng 4, Bộ phận Một cửa tiếp nhận hồ sơ cả sáng thứ Bảy.\n\n## Giờ làm việc\n\nSáng 7 giờ 30.\n",
        ),
        "2023/b.md": post("Kết quả cải cách hành chính năm 2023", "2023-12-20", "[Báo cáo]"),
    }
    return build_ok(make_project(tmp_path_factory.mktemp("browser") / "p", posts=posts), site_url=SUBPATH_URL)


def test_home_post_and_category_navigation(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base)  # type: ignore[attr-defined]
        assert page.locator("html").get_attribute("lang") == "vi"  # type: ignore[attr-defined]
        page.get_by_role("link", name="Bộ phận Một cửa mở cửa cả sáng thứ Bảy").first.click()  # type: ignore[attr-defined]
        page.wait_for_url(base + "tin-tuc/bo-phan-mot-cua-mo-cua-ca-sang-thu-bay/")  # type: ignore[attr-defined]
        heading = page.locator("article h1").first.inner_text()  # type: ignore[attr-defined]
        assert heading == "Bộ phận Một cửa mở cửa cả sáng thứ Bảy"
        page.locator(".cchc-meta").get_by_role("link", name="Thông báo").click()  # type: ignore[attr-defined]
        page.wait_for_url(base + "tin-tuc/chuyen-muc/thong-bao/")  # type: ignore[attr-defined]
        assert page.locator("article h1").first.inner_text() == "Chuyên mục: Thông báo"  # type: ignore[attr-defined]
        assert page.locator(".cchc-item__title").count() == 1  # type: ignore[attr-defined]
        page.get_by_role("link", name="Giới thiệu, liên hệ").first.click()  # type: ignore[attr-defined]
        page.wait_for_url(base + "gioi-thieu/")  # type: ignore[attr-defined]
        watch.assert_clean()


def test_post_prints_without_site_chrome(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        watch = PageWatch(page, base)
        page.goto(base + "tin-tuc/bo-phan-mot-cua-mo-cua-ca-sang-thu-bay/")  # type: ignore[attr-defined]
        button = page.get_by_role("button", name="In / lưu bài viết")  # type: ignore[attr-defined]
        assert button.is_visible()
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        assert not page.locator(".md-header").is_visible()  # type: ignore[attr-defined]
        assert not page.locator(".md-sidebar--primary").is_visible()  # type: ignore[attr-defined]
        assert not button.is_visible()
        assert page.locator("article h1").first.is_visible()  # type: ignore[attr-defined]
        pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
        assert pdf.startswith(b"%PDF")
        watch.assert_clean()


def test_unknown_address_shows_vietnamese_404(site: Path, page_watch: object) -> None:
    page = page_watch
    with serve(site) as base:
        page.goto(base + "404.html")  # type: ignore[attr-defined]
        assert "Không tìm thấy trang (lỗi 404)" in page.locator("article").inner_text()  # type: ignore[attr-defined]
        assert page.locator("html").get_attribute("lang") == "vi"  # type: ignore[attr-defined]
