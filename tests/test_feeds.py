"""RSS 2.0 and Atom feeds: what feed readers, portals and residents opening a feed get.

Unit tests call ``cchc.feeds`` with records (no MkDocs); integration tests build a fixture
site under a sub-path once and read every feed with feedparser; browser tests open the
feeds in Chromium.
"""

from __future__ import annotations

import dataclasses
import html
import io
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from cchc.core.settings import TIMEZONE, Author, Category, Organisation, Settings
from cchc.feeds import builder as feeds
from cchc.posts.model import Asset, Post
from conftest import SUBPATH_URL, PageWatch, build_ok, make_project, post, serve

HOSTILE = '<script>alert("x")</script> Lịch nghỉ & trực ]]> Tết'


# --- records for unit tests ------------------------------------------------------------------


def settings(site_url: str = "https://xa.example.gov.vn/cchc/", **changes: object) -> Settings:
    base = Settings(
        root=Path("/nonexistent"),
        site_url=site_url,
        site_name="Cải cách hành chính xã Thượng Long",
        description="Tin tức, văn bản và thủ tục hành chính của xã.",
        organisation=Organisation("Ủy ban nhân dân xã Thượng Long", email="ubnd@example.gov.vn"),
        categories=(
            Category("Tin tức", "tin-tuc"),
            Category("Thông báo", "thong-bao"),
            Category("Kế hoạch", "ke-hoach"),
        ),
        authors={"vhtt": Author("vhtt", "Công chức Văn hóa – Thông tin")},
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def record(slug: str, day: str, title: str = "", **changes: object) -> Post:
    base = Post(
        source=f"posts/{slug}.md",
        title=title or f"Bài {slug}",
        date=datetime.fromisoformat(day).replace(tzinfo=TIMEZONE),
        updated=None,
        categories=("Tin tức",),
        tags=("Một cửa",),
        slug=slug,
        description=f"Tóm tắt bài {slug}.",
        authors=(),
        draft=False,
        body="",
        body_line=5,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def parse(data: bytes) -> feedparser.FeedParserDict:
    lxml.etree.fromstring(data)  # strict XML parser: raises on anything malformed
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


POSTS = (record("moi", "2024-03-05T08:30"), record("giua", "2024-01-10"), record("cu", "2023-10-26"))


# --- unit: one feed from records -------------------------------------------------------------


def test_entries_newest_first_with_absolute_links_and_local_dates() -> None:
    s = settings()
    shuffled = (POSTS[1], POSTS[2], POSTS[0])
    out = feeds.build_all(shuffled, {}, s)
    rss, atom = parse(out["rss.xml"]), parse(out["atom.xml"])
    assert [e.link for e in rss.entries] == [
        "https://xa.example.gov.vn/cchc/tin-tuc/moi/",
        "https://xa.example.gov.vn/cchc/tin-tuc/giua/",
        "https://xa.example.gov.vn/cchc/tin-tuc/cu/",
    ]
    assert [e.link for e in atom.entries] == [e.link for e in rss.entries]
    assert rss.entries[0].published == "Tue, 05 Mar 2024 08:30:00 +0700"
    assert atom.entries[0].published == "2024-03-05T08:30:00+07:00"
    assert rss.entries[0].id == rss.entries[0].link and rss.entries[0].guidislink is False
    assert b'<guid isPermaLink="true">https://xa.example.gov.vn/cchc/tin-tuc/moi/</guid>' in out["rss.xml"]
    assert atom.entries[0].id == "https://xa.example.gov.vn/cchc/tin-tuc/moi/"


def test_dates_in_another_offset_are_shown_in_vietnam_time() -> None:
    utc = record("utc", "2024-01-01", date=datetime(2024, 3, 5, 1, 30, tzinfo=UTC))
    rss = parse(feeds.build_all((utc,), {}, settings())["rss.xml"])
    assert rss.entries[0].published == "Tue, 05 Mar 2024 08:30:00 +0700"


def test_sub_path_and_root_site_urls() -> None:
    pages = {
        "rss.xml": "tin-tuc/",
        "atom.xml": "tin-tuc/",
        "tin-tuc/chuyen-muc/tin-tuc/atom.xml": "tin-tuc/chuyen-muc/tin-tuc/",
    }
    for site_url in ("https://example.gov.vn/cchc/", "https://cchc.example.gov.vn/"):
        out = feeds.build_all(POSTS, {}, settings(site_url))
        for path, page in pages.items():
            parsed = parse(out[path])
            assert parsed.feed.link == site_url + page
            assert [link.href for link in parsed.feed.links if link.rel == "self"] == [site_url + path]
            assert [e.link for e in parsed.entries] == [site_url + p.url for p in POSTS]


def test_updated_field_and_last_build_date_come_from_the_newest_entry() -> None:
    edited = dataclasses.replace(POSTS[2], updated=datetime(2024, 4, 1, 9, 0, tzinfo=TIMEZONE))
    out = feeds.build_all((POSTS[0], POSTS[1], edited), {}, settings())
    atom, rss = parse(out["atom.xml"]), parse(out["rss.xml"])
    assert atom.entries[2].updated == "2024-04-01T09:00:00+07:00"
    assert atom.entries[2].published == "2023-10-26T00:00:00+07:00"
    assert atom.entries[0].updated == atom.entries[0].published  # never edited: updated = date
    assert atom.feed.updated == "2024-04-01T09:00:00+07:00"
    assert b"<lastBuildDate>Mon, 01 Apr 2024 09:00:00 +0700</lastBuildDate>" in out["rss.xml"]
    assert rss.entries[2].published == "Thu, 26 Oct 2023 00:00:00 +0700"  # edits never move a post


def test_output_is_byte_identical_for_the_same_records() -> None:
    pages = {p.url: f"<p>Nội dung {p.slug}</p>" for p in POSTS}
    first = feeds.build_all(POSTS, pages, settings())
    second = feeds.build_all(tuple(reversed(POSTS)), dict(reversed(pages.items())), settings())
    assert first == second


def test_feed_length_and_summary_only_are_configurable() -> None:
    pages = {p.url: f"<p>Toàn văn {p.slug}</p>" for p in POSTS}
    out = feeds.build_all(POSTS, pages, settings(feed_length=2, feed_full_content=False))
    for path in ("rss.xml", "atom.xml"):
        parsed = parse(out[path])
        assert len(parsed.entries) == 2
        assert "content" not in parsed.entries[0]
        assert parsed.entries[0].summary == "Tóm tắt bài moi."
    assert b"content:encoded" not in out["rss.xml"]
    full = parse(feeds.build_all(POSTS, pages, settings())["rss.xml"])
    assert len(full.entries) == 3
    assert "<p>Toàn văn moi</p>" in full.entries[0].content[0].value


def test_default_length_is_the_50_newest() -> None:
    many = tuple(
        record(f"bai-{i:03d}", (datetime(2024, 1, 1) + timedelta(days=i)).isoformat()) for i in range(60)
    )
    rss = parse(feeds.build_all(many, {}, settings())["rss.xml"])
    assert len(rss.entries) == 50
    assert rss.entries[0].link.endswith("/bai-059/") and rss.entries[-1].link.endswith("/bai-010/")


def test_drafts_and_scheduled_posts_never_appear() -> None:
    draft = record("nhap", "2024-05-01", draft=True)
    later = record("hen-gio", "2027-01-01", scheduled=True)
    out = feeds.build_all((later, draft, *POSTS), {}, settings())
    for data in out.values():
        assert b"nhap" not in data and b"hen-gio" not in data


def test_hostile_titles_and_fields_stay_well_formed() -> None:
    nasty = record(
        "nguy-hiem",
        "2024-06-01",
        title=HOSTILE + "\x0b",
        description="Dấu ]]> và <b>đậm</b> & “ngoặc”\x01",
        categories=("Thông báo",),
        tags=("A&B <i>", "]]>"),
    )
    pages = {nasty.url: "<p>Văn bản ]]&gt; có <![CDATA[ lạ ]]> &amp; <code>a &lt; b</code></p>"}
    out = feeds.build_all((nasty,), pages, settings())
    for path in ("rss.xml", "atom.xml", "tin-tuc/chuyen-muc/thong-bao/rss.xml"):
        parsed = parse(out[path])
        entry = parsed.entries[0]
        assert entry.title == HOSTILE
        assert entry.title_detail.type == "text/plain"
        # an HTML summary whose markup-looking text is escaped: readers show it, never run it
        assert entry.summary == html.escape("Dấu ]]> và <b>đậm</b> & “ngoặc”", quote=False)
        assert [t.term for t in entry.tags] == ["Thông báo", "A&B <i>", "]]>"]
        root = lxml.etree.fromstring(out[path])
        assert not [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("script")]


def test_text_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Thông báo lịch tiếp công dân")
    out = feeds.build_all((record("nfd", "2024-01-01", title=nfd, description=nfd),), {}, settings())
    text = out["atom.xml"].decode()
    assert unicodedata.is_normalized("NFC", text)
    assert parse(out["atom.xml"]).entries[0].title == unicodedata.normalize("NFC", nfd)


def test_content_links_are_absolute_and_page_controls_removed() -> None:
    page = (
        '<h1 id="t">Tiêu đề<a class="headerlink" href="#t">¶</a></h1>'
        '<p class="cchc-meta">Chuyên mục: <a href="../chuyen-muc/tin-tuc/">Tin tức</a></p>'
        '<figure class="cchc-cover"><img src="bia.jpg" alt=""></figure>'
        '<h2 id="muc">Mục<a class="headerlink" href="#muc">¶</a></h2>'
        '<p>Xem <a href="../../van-ban/">văn bản</a>, <a href="#muc">mục</a>, <a href="bao-cao.pdf">tệp</a>, '
        '<a href="https://dichvucong.gov.vn/">cổng</a> và <a href="mailto:a@b.vn">thư</a>.</p>'
        '<p class="cchc-actions"><button type="button">In / lưu bài viết</button></p>'
    )
    content = feeds.absolute_html(page, "https://xa.example.gov.vn/cchc/tin-tuc/moi/")
    tree = lxml.html.fragment_fromstring(content, create_parent="div")
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs == [
        "https://xa.example.gov.vn/cchc/tin-tuc/chuyen-muc/tin-tuc/",
        "https://xa.example.gov.vn/cchc/van-ban/",
        "https://xa.example.gov.vn/cchc/tin-tuc/moi/#muc",
        "https://xa.example.gov.vn/cchc/tin-tuc/moi/bao-cao.pdf",
        "https://dichvucong.gov.vn/",
        "mailto:a@b.vn",
    ]
    assert [i.get("src") for i in tree.iter("img")] == ["https://xa.example.gov.vn/cchc/tin-tuc/moi/bia.jpg"]
    assert not list(tree.iter("h1")) and not list(tree.iter("button")) and "¶" not in content
    assert tree.find(".//h2").text_content() == "Mục"


def test_a_post_without_rendered_html_carries_its_summary() -> None:
    rss = parse(feeds.build_all(POSTS[:1], {}, settings())["rss.xml"])
    assert "content" not in rss.entries[0] and rss.entries[0].summary == "Tóm tắt bài moi."


def test_cover_image_is_an_enclosure_in_both_formats() -> None:
    cover = Asset(Path("/x/bia.webp"), "tin-tuc/anh/bia.webp", 48213)
    out = feeds.build_all((record("anh", "2024-01-01", image=cover),), {}, settings())
    for path in ("rss.xml", "atom.xml"):
        entry = parse(out[path]).entries[0]
        assert [(e.href, e.length, e.type) for e in entry.enclosures] == [
            ("https://xa.example.gov.vn/cchc/tin-tuc/anh/bia.webp", "48213", "image/webp")
        ]
        assert [link.href for link in entry.links if link.rel == "alternate"] == [
            "https://xa.example.gov.vn/cchc/tin-tuc/anh/"
        ]


def test_categories_documents_and_empty_feeds() -> None:
    notice = record("tb", "2024-02-01", categories=("Thông báo", "Tin tức"), document=object())
    out = feeds.build_all((notice, *POSTS), {}, settings())
    assert sorted(out) == sorted(
        [
            "rss.xml",
            "atom.xml",
            "tin-tuc/chuyen-muc/tin-tuc/rss.xml",
            "tin-tuc/chuyen-muc/tin-tuc/atom.xml",
            "tin-tuc/chuyen-muc/thong-bao/rss.xml",
            "tin-tuc/chuyen-muc/thong-bao/atom.xml",
            "tin-tuc/chuyen-muc/ke-hoach/rss.xml",
            "tin-tuc/chuyen-muc/ke-hoach/atom.xml",
            "van-ban/rss.xml",
            "van-ban/atom.xml",
        ]
    )
    notices = parse(out["tin-tuc/chuyen-muc/thong-bao/rss.xml"])
    assert notices.feed.title == "Cải cách hành chính xã Thượng Long – Chuyên mục Thông báo"
    assert notices.feed.link == "https://xa.example.gov.vn/cchc/tin-tuc/chuyen-muc/thong-bao/"
    assert [e.link for e in notices.entries] == ["https://xa.example.gov.vn/cchc/tin-tuc/tb/"]
    assert [e.link for e in parse(out["van-ban/atom.xml"]).entries] == [
        "https://xa.example.gov.vn/cchc/tin-tuc/tb/"
    ]
    empty = parse(out["tin-tuc/chuyen-muc/ke-hoach/atom.xml"])
    assert empty.entries == [] and empty.feed.updated == "2024-03-05T08:30:00+07:00"
    nothing = parse(feeds.build_all((), {}, settings())["atom.xml"])
    assert nothing.entries == [] and nothing.feed.updated == "2000-01-01T00:00:00+07:00"


def test_channel_metadata_and_authors() -> None:
    signed = record("ky", "2024-01-01", authors=("vhtt",))
    out = feeds.build_all((signed, *POSTS), {}, settings())
    rss, atom = parse(out["rss.xml"]), parse(out["atom.xml"])
    assert rss.feed.title == atom.feed.title == "Cải cách hành chính xã Thượng Long"
    assert rss.feed.subtitle == atom.feed.subtitle == "Tin tức, văn bản và thủ tục hành chính của xã."
    assert rss.feed.language == "vi" and atom.feed.language == "vi"
    assert rss.feed.image.href == atom.feed.logo == "https://xa.example.gov.vn/cchc/assets/images/logo.png"
    by_link = {e.link: e for e in rss.entries}
    assert (
        by_link["https://xa.example.gov.vn/cchc/tin-tuc/ky/"].author
        == "ubnd@example.gov.vn (Công chức Văn hóa – Thông tin)"
    )
    assert (
        by_link["https://xa.example.gov.vn/cchc/tin-tuc/moi/"].author
        == "ubnd@example.gov.vn (Ủy ban nhân dân xã Thượng Long)"
    )


def test_browser_view_references_are_relative_to_each_feed() -> None:
    out = feeds.build_all(POSTS, {}, settings())
    assert out["rss.xml"].splitlines()[1] == b'<?xml-stylesheet type="text/css" href="assets/feed.css"?>'
    deep = out["tin-tuc/chuyen-muc/thong-bao/atom.xml"]
    assert deep.splitlines()[1] == b'<?xml-stylesheet type="text/css" href="../../../assets/feed.css"?>'
    assert (
        out["van-ban/rss.xml"].splitlines()[1]
        == b'<?xml-stylesheet type="text/css" href="../assets/feed.css"?>'
    )
    assert b"<script" not in deep  # the view is CSS only: the feeds stay valid (tests/test_gates.py)


# --- integration: a built site under a sub-path ----------------------------------------------


def _png(color: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


DOCUMENT = """document:
  number: 291/BC-UBND
  type: Báo cáo
  issued: 2023-10-26
  issuer: Ủy ban nhân dân xã Thượng Long
  place: Thượng Long
  signer:
    authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]
    title: PHÓ CHỦ TỊCH
    name: Phạm Văn Núi
attachments:
  - file: 291-bc-ubnd.pdf
    title: Báo cáo số 291/BC-UBND
updated: 2023-11-02 10:00
"""

FIXTURE_POSTS: dict[str, str | bytes] = {
    "2024/bia.png": _png("#3f51b5", (320, 180)),
    "2024/so-do.png": _png("#e0e0e0", (200, 120)),
    "2024/mot-cua.md": post(
        "Bộ phận Một cửa tiếp nhận hồ sơ trực tuyến",
        "2024-03-05 08:30",
        "[Tin tức]",
        "tags: [Một cửa, Dịch vụ công trực tuyến]\nimage: bia.png\nauthors: [vanhoa-thongtin]\n",
        "Từ tháng 3, người dân nộp hồ sơ trực tuyến.\n\n## Các bước\n\n![Sơ đồ các bước](so-do.png)\n\n"
        "Xem [mục Các bước](#cac-buoc) và [sơ đồ lớn](so-do.png).\n",
    ),
    "2024/le-tet.md": post(
        "'" + HOSTILE.replace("'", "''") + "'",
        "2024-01-10",
        "[Thông báo]",
        "description: 'Nghỉ Tết ]]> từ 08/02 & trực <b>đầy đủ</b>'\n",
        "Lịch trực Tết: sáng ]]> chiều & tối, a < b, <![CDATA[ không phải CDATA ]]>.\n",
    ),
    "2023/291-bc-ubnd.pdf": b"%PDF-1.4\n% fixture\n%%EOF\n",
    "2023/bao-cao.md": post(
        "Báo cáo kết quả tuyên truyền cải cách hành chính năm 2023",
        "2023-10-26",
        "[Báo cáo, Văn bản]",
        DOCUMENT,
        "Báo cáo đánh giá kết quả tuyên truyền năm 2023.\n",
    ),
    "2022/hoi-dap.md": post("Làm căn cước cho trẻ em ở đâu?", "2022-05-01", "[Hỏi đáp]"),
    "2024/nhap.md": post("Bản nháp chưa đăng", "2024-06-01", "[Tin tức]", "draft: true\n"),
    "2026/hen-gio.md": post("Bài hẹn giờ đăng năm sau", "2027-01-01", "[Tin tức]"),
}
PUBLISHED = [
    "Bộ phận Một cửa tiếp nhận hồ sơ trực tuyến",
    HOSTILE,
    "Báo cáo kết quả tuyên truyền cải cách hành chính năm 2023",
    "Làm căn cước cho trẻ em ở đâu?",
]
FEED_PATHS = ["rss.xml", "atom.xml", "van-ban/rss.xml", "van-ban/atom.xml"] + [
    f"tin-tuc/chuyen-muc/{slug}/{name}"
    for slug in ("tin-tuc", "thong-bao", "bao-cao", "ke-hoach", "van-ban", "hoi-dap")
    for name in ("rss.xml", "atom.xml")
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("feeds") / "p", posts=FIXTURE_POSTS)
    return build_ok(project, site_url=SUBPATH_URL)


def read(site: Path, path: str) -> feedparser.FeedParserDict:
    return parse((site / path).read_bytes())


def built_file(site: Path, url: str) -> Path:
    """The file a browser gets for an absolute site URL (``.../`` -> ``index.html``)."""
    assert url.startswith(SUBPATH_URL), url
    rel = urlsplit(url).path.removeprefix(urlsplit(SUBPATH_URL).path)
    return site / (rel + "index.html" if rel.endswith("/") or not rel else rel)


@pytest.mark.slow
def test_every_feed_is_written_and_parses_cleanly(site: Path) -> None:
    for path in FEED_PATHS:
        parsed = read(site, path)
        assert parsed.version in ("rss20", "atom10"), path


@pytest.mark.parametrize("path", ["rss.xml", "atom.xml"])
@pytest.mark.slow
def test_site_feed_lists_published_posts_newest_first(site: Path, path: str) -> None:
    parsed = read(site, path)
    assert [e.title for e in parsed.entries] == PUBLISHED
    for entry in parsed.entries:
        assert built_file(site, entry.link).is_file(), entry.link
        assert entry.id == entry.link


@pytest.mark.parametrize(("path", "suffix"), [("rss.xml", " +0700"), ("atom.xml", "+07:00")])
@pytest.mark.slow
def test_dates_are_vietnam_local_time(site: Path, path: str, suffix: str) -> None:
    entries = read(site, path).entries
    assert all(e.published.endswith(suffix) for e in entries)
    first = entries[0].published
    assert first == ("Tue, 05 Mar 2024 08:30:00 +0700" if path == "rss.xml" else "2024-03-05T08:30:00+07:00")
    if path == "atom.xml":
        assert entries[2].updated == "2023-11-02T10:00:00+07:00"


@pytest.mark.parametrize("path", ["rss.xml", "atom.xml"])
@pytest.mark.slow
def test_categories_and_tags(site: Path, path: str) -> None:
    entries = read(site, path).entries
    assert [t.term for t in entries[0].tags] == ["Tin tức", "Một cửa", "Dịch vụ công trực tuyến"]
    assert [t.term for t in entries[2].tags] == ["Báo cáo", "Văn bản"]


@pytest.mark.parametrize("path", ["rss.xml", "atom.xml"])
@pytest.mark.slow
def test_cover_enclosure_has_the_published_file_size(site: Path, path: str) -> None:
    entry = read(site, path).entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == built_file(site, enclosure.href).stat().st_size
    assert [e.enclosures for e in read(site, path).entries[1:]] == [[], [], []]


@pytest.mark.slow
def test_content_is_full_html_with_absolute_links(site: Path) -> None:
    for path in ("rss.xml", "atom.xml"):
        entry = read(site, path).entries[0]
        tree = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
        images = [i.get("src") for i in tree.iter("img")]
        assert len(images) == 2  # the cover and the body image
        links = [a.get("href") for a in tree.iter("a")]
        assert SUBPATH_URL + "tin-tuc/chuyen-muc/tin-tuc/" in links  # the post's meta line
        assert SUBPATH_URL + "tin-tuc/chu-de/mot-cua/" in links  # its tags
        assert SUBPATH_URL + "tin-tuc/bo-phan-mot-cua-tiep-nhan-ho-so-truc-tuyen/#cac-buoc" in links
        for url in images + [u for u in links if u.startswith(SUBPATH_URL)]:
            assert built_file(site, url.split("#")[0]).is_file(), url
        assert "Từ tháng 3, người dân nộp hồ sơ trực tuyến." in tree.text_content()
        assert not list(tree.iter("h1")) and not list(tree.iter("button"))


@pytest.mark.slow
def test_hostile_post_is_escaped_not_executed(site: Path) -> None:
    for path in ("rss.xml", "atom.xml", "tin-tuc/chuyen-muc/thong-bao/atom.xml"):
        entry = next(e for e in read(site, path).entries if e.title == HOSTILE)
        assert entry.summary == html.escape("Nghỉ Tết ]]> từ 08/02 & trực <b>đầy đủ</b>", quote=False)
        assert "sáng ]]&gt; chiều &amp; tối, a &lt; b" in entry.content[0].value
        root = lxml.etree.fromstring((site / path).read_bytes())
        assert not list(root.iter("{*}script"))


@pytest.mark.slow
def test_category_and_document_feeds(site: Path) -> None:
    notices = read(site, "tin-tuc/chuyen-muc/thong-bao/rss.xml")
    assert [e.title for e in notices.entries] == [HOSTILE]
    assert notices.feed.title == "Cải cách hành chính xã Thượng Long – Chuyên mục Thông báo"
    assert built_file(site, notices.feed.link).is_file()
    documents = read(site, "van-ban/atom.xml")
    assert [e.title for e in documents.entries] == [PUBLISHED[2]]
    assert built_file(site, documents.feed.link) == site / "van-ban" / "index.html"
    assert read(site, "tin-tuc/chuyen-muc/ke-hoach/rss.xml").entries == []


@pytest.mark.slow
def test_channel_metadata(site: Path) -> None:
    for path in ("rss.xml", "atom.xml"):
        feed = read(site, path).feed
        assert feed.title == "Cải cách hành chính xã Thượng Long"
        assert feed.language == "vi"
        assert feed.subtitle.startswith("Chuyên mục cải cách hành chính của Ủy ban nhân dân xã Thượng Long")
        assert [link.href for link in feed.links if link.rel == "self"] == [SUBPATH_URL + path]
        logo = feed.image.href if path == "rss.xml" else feed.logo
        assert logo == SUBPATH_URL + "assets/images/logo.png" and built_file(site, logo).is_file()


@pytest.mark.slow
def test_pages_link_the_site_feeds_and_their_own(site: Path) -> None:
    pages = {
        "index.html": SUBPATH_URL,
        "tin-tuc/chuyen-muc/thong-bao/index.html": SUBPATH_URL + "tin-tuc/chuyen-muc/thong-bao/",
        "van-ban/index.html": SUBPATH_URL + "van-ban/",
        "tin-tuc/bo-phan-mot-cua-tiep-nhan-ho-so-truc-tuyen/index.html": SUBPATH_URL
        + "tin-tuc/bo-phan-mot-cua-tiep-nhan-ho-so-truc-tuyen/",
    }
    found: dict[str, set[str]] = {}
    for rel, url in pages.items():
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        links = soup.select('head link[rel="alternate"][type^="application/"]')
        found[rel] = {urljoin(url, str(link["href"])) for link in links}
        for href in found[rel]:
            assert built_file(site, href).is_file(), href
    site_feeds = {SUBPATH_URL + "rss.xml", SUBPATH_URL + "atom.xml"}
    assert found["index.html"] == site_feeds
    own = {
        SUBPATH_URL + "tin-tuc/chuyen-muc/thong-bao/rss.xml",
        SUBPATH_URL + "tin-tuc/chuyen-muc/thong-bao/atom.xml",
    }
    assert found["tin-tuc/chuyen-muc/thong-bao/index.html"] == site_feeds | own
    assert found["van-ban/index.html"] == site_feeds | {
        SUBPATH_URL + "van-ban/rss.xml",
        SUBPATH_URL + "van-ban/atom.xml",
    }
    assert (
        SUBPATH_URL + "tin-tuc/chuyen-muc/tin-tuc/rss.xml"
        in found["tin-tuc/bo-phan-mot-cua-tiep-nhan-ho-so-truc-tuyen/index.html"]
    )


@pytest.mark.slow
def test_two_builds_give_identical_feeds(site: Path, tmp_path: Path) -> None:
    again = build_ok(make_project(tmp_path / "again", posts=FIXTURE_POSTS), site_url=SUBPATH_URL)
    for path in FEED_PATHS:
        assert (again / path).read_bytes() == (site / path).read_bytes(), path


# --- in a browser: a readable Vietnamese page, not raw XML ------------------------------------


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


@pytest.mark.parametrize("path", ["rss.xml", "atom.xml", "tin-tuc/chuyen-muc/thong-bao/rss.xml"])
@pytest.mark.slow
@pytest.mark.browser
def test_feed_opens_as_a_vietnamese_page(site: Path, served: str, page_watch: object, path: str) -> None:
    """The feed's own XML styled by feed.css (no script: the feeds stay valid): the title, what
    a feed is and how to follow it, then every entry's title, summary and address."""
    page = page_watch
    watch = PageWatch(page, served)
    page.goto(served + path)  # type: ignore[attr-defined]
    atom = path.endswith("atom.xml")
    head, about, entry, summary, link = (
        ("feed > title", "feed > subtitle", "entry", "summary", 'link[rel="alternate"]')
        if atom
        else ("channel > title", "channel > description", "item", "description", "link")
    )
    seen = page.evaluate(  # type: ignore[attr-defined]
        """([head, about, entry, summary, link]) => {
            const style = (el, pseudo) => getComputedStyle(el, pseudo || null);
            const entries = [...document.querySelectorAll(entry)];
            return {
                title: document.querySelector(head).textContent,
                titleShown: style(document.querySelector(head)).display,
                help: style(document.querySelector(about), "::after").content,
                titles: entries.map(e => e.querySelector(":scope > title").textContent),
                shown: entries.map(e => style(e.querySelector(":scope > title")).display),
                summaries: entries.map(e => style(e.querySelector(":scope > " + summary)).display),
                links: entries.map(e => style(e.querySelector(":scope > " + link)).display),
            };
        }""",
        [head, about, entry, summary, link],
    )
    feed = read(site, path)
    assert seen["title"] == feed.feed.title and seen["titleShown"] == "block"
    assert "Nguồn tin là gì?" in seen["help"] and "Cách theo dõi" in seen["help"]
    assert seen["titles"] == [e.title for e in feed.entries]
    assert set(seen["shown"] + seen["summaries"] + seen["links"]) == {"block"}
    watch.assert_clean()


@pytest.mark.slow
@pytest.mark.browser
def test_feed_without_scripts_is_still_readable(site: Path, served: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        watch = PageWatch(page, served)
        page.goto(served + "rss.xml")
        seen = page.evaluate(
            """() => {
                const style = (css, pseudo) => getComputedStyle(document.querySelector(css), pseudo);
                return {
                    root: document.documentElement.localName,
                    titles: [...document.querySelectorAll("item > title")].map(e => e.textContent),
                    shown: style("item > title").display,
                    hidden: style("item > guid").display,
                    size: [style("channel > title").fontSize, style("channel > description").fontSize],
                    explanation: style("channel > description", "::after").content,
                };
            }"""
        )
        assert seen["root"] == "rss"  # the script did not run: this is the styled XML itself
        assert seen["titles"] == PUBLISHED
        assert (seen["shown"], seen["hidden"]) == ("block", "none")
        assert float(seen["size"][0].removesuffix("px")) > float(seen["size"][1].removesuffix("px"))
        assert "ứng dụng đọc tin" in seen["explanation"]
        watch.assert_clean()
    finally:
        context.close()
