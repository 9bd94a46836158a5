"""Integration: a fixture site built with the real `mkdocs build`, checked as a reader sees it."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import NOW, build_ok, make_project, post, run_build

pytestmark = pytest.mark.slow

SITE_URL = "https://example.gov.vn/cchc/"

DOCUMENT = """document:
  number: 291/BC-UBND
  type: Báo cáo
  issued: 2023-10-26
  issuer: Ủy ban nhân dân xã Thượng Long
  parent_issuer: Ủy ban nhân dân huyện Nam Đông
  place: Thượng Long
  signer:
    authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]
    title: PHÓ CHỦ TỊCH
    name: Phạm Văn Núi
  recipients:
    - CT và PCT UBND huyện;
    - Lưu: VT.
attachments:
  - file: bao-cao.pdf
    title: Báo cáo số 291/BC-UBND
"""


def fixture_posts() -> dict[str, str | bytes]:
    posts: dict[str, str | bytes] = {
        "2023/bao-cao.md": post(
            "Báo cáo kết quả tuyên truyền cải cách hành chính năm 2023",
            "2023-10-26",
            "[Báo cáo]",
            "tags: [Cải cách thủ tục hành chính, Một cửa]\n" + DOCUMENT,
            "Ủy ban nhân dân xã báo cáo kết quả tuyên truyền.\n\n## Kết quả\n\nNội dung.\n",
        ),
        "2023/bao-cao.pdf": b"%PDF-1.4\n" + b"x" * 4000,
        "2024/khai-sinh.md": post(
            "Hỏi đáp: đăng ký khai sinh cần giấy tờ gì?",
            "2024-05-02 09:15",
            "[Hỏi đáp, Tin tức]",
            "tags: [Hộ tịch]\nslug: hoi-dap-khai-sinh\n",
        ),
        "2025/hai-cap.md": post("Chính quyền hai cấp đi vào hoạt động", "2025-07-01", "[Tin tức]"),
        "2026/nhap.md": post("Bản nháp chưa đăng", "2026-01-10", "[Tin tức]", "draft: true\n"),
        "2026/hen-gio.md": post("Bài hẹn giờ đăng", "2026-12-01", "[Thông báo]"),
    }
    for i in range(1, 23):
        posts[f"2026/thong-bao-{i:02d}.md"] = post(
            f"Thông báo số {i:02d} về lịch tiếp dân", f"2026-03-{i:02d}", "[Thông báo]"
        )
    return posts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("build") / "p", posts=fixture_posts())
    return build_ok(project, site_url=SITE_URL)


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".cchc-item__title a")]


def test_post_page_has_title_date_categories_and_stable_url(site: Path) -> None:
    page = soup(site, "tin-tuc/hoi-dap-khai-sinh/index.html")
    assert page.find("h1").get_text() == "Hỏi đáp: đăng ký khai sinh cần giấy tờ gì?"
    time_tag = page.select_one(".cchc-meta time")
    assert time_tag["datetime"] == "2024-05-02T09:15:00+07:00"
    assert "09:15, Thứ Năm, 02/05/2024" in time_tag.get_text()
    links = {a.get_text(): a["href"] for a in page.select(".cchc-meta a")}
    assert links == {"Hỏi đáp": "../chuyen-muc/hoi-dap/", "Tin tức": "../chuyen-muc/tin-tuc/"}
    assert page.find("title").get_text().startswith("Hỏi đáp: đăng ký khai sinh")


def test_official_document_header_and_attachment(site: Path) -> None:
    slug = "bao-cao-ket-qua-tuyen-truyen-cai-cach-hanh-chinh-nam-2023"
    page = soup(site, f"tin-tuc/{slug}/index.html")
    header = page.select_one(".cchc-doc")
    assert "Số: 291/BC-UBND" in header.get_text()
    assert "Thượng Long, ngày 26 tháng 10 năm 2023" in header.get_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.get_text()
    signer = page.select_one(".cchc-doc__signer").get_text(" ", strip=True)
    assert signer.startswith("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH") and signer.endswith(
        "Phạm Văn Núi"
    )
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary .md-nav__link")]
    assert toc == ["Kết quả"]
    assert [li.get_text() for li in page.select(".cchc-doc__recipients li")] == [
        "CT và PCT UBND huyện;",
        "Lưu: VT.",
    ]
    link = page.select_one(".cchc-attachments a")
    assert link["href"] == "bao-cao.pdf"
    assert (site / "tin-tuc" / slug / "bao-cao.pdf").stat().st_size == 4009
    assert "(PDF, 4 KB)" in page.select_one(".cchc-attachments").get_text()
    register = soup(site, "van-ban/index.html")
    row = register.select_one(".cchc-register tbody tr")
    assert row.select_one("a")["href"] == f"../tin-tuc/{slug}/"
    assert [td.get_text() for td in row.select("td")][1:3] == ["Báo cáo", "26/10/2023"]


def test_listing_pages_archive_categories_tags(site: Path) -> None:
    assert titles(soup(site, "tin-tuc/luu-tru/2024/index.html")) == [
        "Hỏi đáp: đăng ký khai sinh cần giấy tờ gì?"
    ]
    assert titles(soup(site, "tin-tuc/chuyen-muc/hoi-dap/index.html")) == [
        "Hỏi đáp: đăng ký khai sinh cần giấy tờ gì?"
    ]
    tag = soup(site, "tin-tuc/chu-de/mot-cua/index.html")
    assert titles(tag) == ["Báo cáo kết quả tuyên truyền cải cách hành chính năm 2023"]
    assert (
        tag.select_one(".cchc-item__title a")["href"]
        == "../../bao-cao-ket-qua-tuyen-truyen-cai-cach-hanh-chinh-nam-2023/"
    )
    years = soup(site, "tin-tuc/luu-tru/index.html").get_text()
    assert "Năm 2026 (22 bài)" in years and "Năm 2023 (1 bài)" in years
    assert "Hỏi đáp (1 bài)" in soup(site, "tin-tuc/chuyen-muc/index.html").get_text()


def test_pagination_newest_first(site: Path) -> None:
    first = soup(site, "tin-tuc/chuyen-muc/thong-bao/index.html")
    second = soup(site, "tin-tuc/chuyen-muc/thong-bao/trang/2/index.html")
    assert titles(first)[:2] == ["Thông báo số 22 về lịch tiếp dân", "Thông báo số 21 về lịch tiếp dân"]
    assert len(titles(first)) == 20
    assert titles(second) == ["Thông báo số 02 về lịch tiếp dân", "Thông báo số 01 về lịch tiếp dân"]
    assert first.select_one('a[rel="next"]')["href"] == "trang/2/"
    assert second.select_one('a[rel="prev"]')["href"] == "../../"
    assert "Trang 2/2" in second.get_text()


def test_home_page_lists_latest_posts(site: Path) -> None:
    home = soup(site, "index.html")
    assert titles(home)[0] == "Thông báo số 22 về lịch tiếp dân"
    assert home.select_one(".cchc-item__title a")["href"] == "tin-tuc/thong-bao-so-22-ve-lich-tiep-dan/"


def test_drafts_and_scheduled_posts_are_not_published(site: Path) -> None:
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    everything += (site / "sitemap.xml").read_text(encoding="utf-8")
    for title, slug in (
        ("Bản nháp chưa đăng", "ban-nhap-chua-dang"),
        ("Bài hẹn giờ đăng", "bai-hen-gio-dang"),
    ):
        assert title not in everything
        assert slug not in everything
        assert not (site / "tin-tuc" / slug).exists()


def test_root_files_sitemap_robots_404(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}tin-tuc/hoi-dap-khai-sinh/</loc>" in sitemap
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"
    not_found = soup(site, "404.html")
    assert not_found.find("html")["lang"] == "vi"


ENGLISH = re.compile(
    r"Made with|Skip to content|Initializing search|Back to top|Table of contents|"
    r"Not found|Type to start searching|\bPrevious\b|\bNext\b|Copy to clipboard|RSS feed|Contributors|>\s*Tabs\s*<"
)


def test_every_page_is_vietnamese_and_requests_nothing_from_other_hosts(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        if path.relative_to(site).parts[0] == "en":  # the English page (Decree 42, art. 7)
            assert page.find("html")["lang"] == "en", path
        else:
            assert page.find("html")["lang"] == "vi", path
            visible = page.get_text(" ")
            assert not ENGLISH.search(visible), (path, ENGLISH.search(visible))
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
        ):
            for element in page.find_all(tag):
                url = element.get(attr) or ""
                if tag == "link" and "alternate" in (element.get("rel") or []) + ["canonical"]:
                    continue
                if tag == "link" and "canonical" in (element.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", url), (path, tag, url)


def test_every_page_links_the_site_feeds_and_category_pages_their_own(site: Path) -> None:
    for rel in ("index.html", "tin-tuc/hoi-dap-khai-sinh/index.html", "gioi-thieu/index.html"):
        links = [link["href"] for link in soup(site, rel).select('link[rel="alternate"]')]
        assert any(h.endswith("rss.xml") for h in links) and any(h.endswith("atom.xml") for h in links), rel
    category = soup(site, "tin-tuc/chuyen-muc/thong-bao/index.html")
    hrefs = [link["href"] for link in category.select('link[rel="alternate"]')]
    assert "./rss.xml" in hrefs or "rss.xml" in hrefs, hrefs


def test_post_url_does_not_depend_on_categories(tmp_path: Path) -> None:
    from cchc.core.settings import load_settings, now_local
    from cchc.posts.model import load_posts

    project = make_project(tmp_path / "p", posts={"2024/a.md": post(categories="[Tin tức]")})
    before = load_posts(load_settings(project), now_local()).published[0].url
    (project / "posts/2024/a.md").write_text(post(categories="[Thông báo, Hỏi đáp]", extra="tags: [Mới]\n"))
    after = load_posts(load_settings(project), now_local()).published[0].url
    assert before == after == "tin-tuc/bai-thu/"


# --- atomic output -------------------------------------------------------------------


def tree_digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_broken_post_leaves_previous_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post()})
    site = build_ok(project)
    before = tree_digest(site)
    (project / "posts/2024/hong.md").write_text(post("Bài lỗi", "26/10/2023", "[Tin tuc]"), encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "posts/2024/hong.md, dòng 3, trường «date»" in output
    assert "2023-10-26" in output
    assert "Traceback" not in output
    assert tree_digest(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_failure_after_rendering_started_also_leaves_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post()})
    site = build_ok(project)
    before = tree_digest(site)
    (project / "docs" / "hong.md").write_text("# Trang\n\n[liên kết hỏng](khong-co.md)\n", encoding="utf-8")
    result = run_build(project, extra_args=("--strict",))
    assert result.returncode != 0
    assert tree_digest(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_successful_rebuild_replaces_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post()})
    site = build_ok(project)
    (project / "posts/2024/b.md").write_text(post("Bài mới", "2024-04-01"), encoding="utf-8")
    build_ok(project)
    assert (site / "tin-tuc/bai-moi/index.html").is_file()


# --- preview server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_preview_server_shows_drafts_and_scheduled_posts(tmp_path: Path) -> None:
    import os

    project = make_project(
        tmp_path / "p",
        posts={
            "2024/a.md": post(),
            "2026/nhap.md": post("Bản nháp", "2026-01-10", extra="draft: true\n"),
            "2026/hen.md": post("Hẹn giờ", "2026-12-24"),
        },
    )
    port = free_port()
    env = dict(os.environ, CCHC_NOW=NOW, NO_MKDOCS_2_WARNING="1", CCHC_SITE_URL="http://127.0.0.1/cchc/")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],  # watches posts/ too
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 60
        for slug in ("ban-nhap", "hen-gio"):
            while True:
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/cchc/tin-tuc/{slug}/", timeout=5
                    ) as r:
                        pages[slug] = r.read().decode()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "preview server did not start"
                    time.sleep(0.3)
        assert "Xem trước: bài này là bản nháp" in pages["ban-nhap"]
        assert "hẹn giờ đăng, chưa công khai" in pages["hen-gio"]
        # An official edits a post: the preview rebuilds and shows the new text.
        edited = post(body="Nội dung vừa sửa trong lúc xem trước.\n")
        (project / "posts/2024/a.md").write_text(edited, encoding="utf-8")
        deadline = time.monotonic() + 60
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cchc/tin-tuc/bai-thu/", timeout=5) as r:
                if "Nội dung vừa sửa trong lúc xem trước." in r.read().decode():
                    break
            assert time.monotonic() < deadline, "the preview did not rebuild after a post changed"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not (project / "site").exists()
