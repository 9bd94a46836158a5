"""Social previews (rendering/social.py, cards.py, partials/cchc-head.html): Open Graph and
Twitter Card values of a post, a document and a procedure, absolute; the generated share
card (1200 × 630, Vietnamese text) and its cache."""

from __future__ import annotations

import io
import shutil
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from cchc.procedures import offline
from cchc.rendering import cards
from conftest import FIXTURE, FIXTURE_ROOT, SUBPATH_URL, build_ok, make_project

CARD = cards.Card(
    "tin-tuc/bai/the-chia-se.png",
    "Ủy ban nhân dân xã Thượng Long",
    "Thông báo tiếp nhận hồ sơ thủ tục hành chính khi chuyển sang chính quyền địa phương hai cấp",
    "Chuyên mục: Thông báo",
    "thuonglong.example.gov.vn/cchc",
)


# --- the card --------------------------------------------------------------------------------


def test_a_card_is_a_light_1200_by_630_png() -> None:
    assert cards.available()  # scripts/setup.sh installs fonts-dejavu-core
    data = cards.card_png(CARD, None)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
        colours = dict((rgb, n) for n, rgb in image.convert("RGB").getcolors(maxcolors=1 << 16))
    assert len(colours) == 16  # the indigo, white, 13 steps between (antialiased text), the yellow rule
    background = max(colours, key=colours.__getitem__)
    assert background == (26, 35, 126) and (255, 255, 255) in colours and (255, 193, 7) in colours
    assert colours[(255, 255, 255)] > 20_000  # the title is drawn, in white, not a blank card
    assert len(data) < 40_000


def test_the_title_wraps_between_words_with_its_diacritics_kept() -> None:
    font = cards._font(cards.font_dir(), cards.BOLD, 60)  # type: ignore[arg-type]
    lines = cards.wrap(CARD.title, font, 1056)
    assert len(lines) > 1
    assert " ".join(lines) == CARD.title  # no letter, tone mark or word lost
    assert all(font.getlength(line) <= 1056 for line in lines)
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)
    long = "Đăng ký " * 60
    _, kept = cards._fit(long.strip(), cards.font_dir(), 1056)  # type: ignore[arg-type]
    assert len(kept) == cards._TITLE_LINES and kept[-1].endswith("…")


def test_a_card_is_redrawn_only_when_its_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    draw = cards.draw

    def counting(card: cards.Card, folder: Path) -> bytes:
        drawn.append(card.title)
        return draw(card, folder)

    monkeypatch.setattr(cards, "draw", counting)
    cache = tmp_path / "cards"
    first = cards.card_png(CARD, cache)
    again = cards.card_png(CARD, cache)
    moved = cards.card_png(replace(CARD, path="tin-tuc/khac/the-chia-se.png"), cache)
    assert first == again == moved and drawn == [CARD.title]  # same text elsewhere: same card
    renamed = replace(CARD, title=CARD.title + " (sửa)")
    changed = cards.card_png(renamed, cache)
    assert drawn == [CARD.title, renamed.title] and changed != first
    assert len(list(cache.glob("*.png"))) == 2
    cards.card_png(renamed, cache)
    assert len(drawn) == 2


def test_the_cache_key_names_the_text_the_font_and_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cards.font_dir()
    assert folder is not None
    key = cards.cache_key(CARD, folder)
    assert cards.cache_key(replace(CARD, path="x/the-chia-se.png"), folder) == key
    assert cards.cache_key(replace(CARD, label="Lĩnh vực: Hộ tịch"), folder) != key
    monkeypatch.setattr(cards, "VERSION", "test")
    assert cards.cache_key(CARD, folder) != key
    monkeypatch.setattr(cards, "_font_digest", lambda _folder: "another font")
    assert cards.cache_key(CARD, folder) != key


# --- the meta of built pages ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample posts and procedures of the fixture, built with the hooks under a sub-path."""
    project = make_project(tmp_path_factory.mktemp("social") / "p")
    shutil.copytree(FIXTURE / "posts", project / "posts", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "docs", project / "docs", dirs_exist_ok=True)
    return build_ok(project)


def meta_of(site: Path, url: str) -> dict[str, str]:
    root = lxml.html.fromstring((site / url / "index.html").read_bytes())
    values: dict[str, str] = {}
    for element in root.iter("meta"):
        name = element.get("property") or element.get("name")
        if name and name not in values:
            values[name] = element.get("content") or ""
    for link in root.iter("link"):
        if link.get("rel") == "canonical":
            values["canonical"] = link.get("href") or ""
    return values


def assert_image(site: Path, meta: dict[str, str]) -> None:
    """``og:image`` is an absolute URL of a file the site publishes, at its declared size."""
    image = meta["og:image"]
    assert image.startswith(SUBPATH_URL), image
    path = site / image.removeprefix(SUBPATH_URL)
    assert path.is_file(), image
    with Image.open(path) as opened:
        assert opened.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert Image.MIME[opened.format] == meta["og:image:type"]
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == image


def assert_common(meta: dict[str, str], url: str, title: str) -> None:
    assert meta["og:url"] == SUBPATH_URL + url == meta["canonical"]
    assert meta["og:title"] == title == meta["twitter:title"]
    assert meta["og:description"] and meta["og:description"] == meta["twitter:description"]
    assert meta["og:locale"] == "vi_VN"
    assert meta["og:site_name"] == "Cải cách hành chính xã Thượng Long"
    assert meta["og:type"] == "article"


@pytest.mark.slow
def test_a_post_without_a_cover_gets_its_card(site: Path) -> None:
    url = "tin-tuc/nop-ho-so-truc-tuyen-tren-cong-dich-vu-cong-quoc-gia-nhu-the-nao/"
    meta = meta_of(site, url)
    assert_common(meta, url, "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia như thế nào?")
    assert meta["article:published_time"].startswith("2024-") and meta["article:published_time"].endswith(
        "+07:00"
    )
    assert meta["og:image"] == SUBPATH_URL + url + "the-chia-se.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert_image(site, meta)


@pytest.mark.slow
def test_a_post_with_a_cover_shows_its_cover(site: Path) -> None:
    url = "tin-tuc/chinh-quyen-dia-phuong-hai-cap-chinh-thuc-van-hanh-tu-ngay-01-7-2025/"
    meta = meta_of(site, url)
    assert_common(meta, url, "Chính quyền địa phương hai cấp chính thức vận hành từ ngày 01/7/2025")
    assert meta["og:image"].endswith("/chinh-quyen-dia-phuong-hai-cap.jpg")
    assert not (site / url / "the-chia-se.png").exists()  # no card drawn for a page with a cover
    assert_image(site, meta)


@pytest.mark.slow
def test_a_document_names_its_number_on_its_card(site: Path) -> None:
    url = "tin-tuc/thong-bao-05-tb-ubnd-nghi-tet-2024/"
    meta = meta_of(site, url)
    assert_common(
        meta,
        url,
        "Thông báo lịch nghỉ Tết Nguyên đán Giáp Thìn 2024 và lịch tiếp nhận hồ sơ tại Bộ phận Một cửa",
    )
    assert meta["article:published_time"].startswith("2024-")
    assert_image(site, meta)


@pytest.mark.slow
def test_a_procedure_has_its_preview_and_card(site: Path) -> None:
    url = "thu-tuc/ho-tich/dang-ky-khai-sinh/"
    meta = meta_of(site, url)
    assert_common(meta, url, "Đăng ký khai sinh")
    assert meta["article:section"] == "Hộ tịch"
    assert "article:published_time" not in meta
    assert meta["og:image"] == SUBPATH_URL + url + "the-chia-se.png"
    assert_image(site, meta)


@pytest.mark.slow
def test_listing_pages_have_no_article_meta(site: Path) -> None:
    meta = meta_of(site, "tin-tuc/")
    assert "og:type" not in meta and "article:published_time" not in meta


def test_every_post_without_a_cover_gets_a_card_of_its_own() -> None:
    """Old or new, in the feeds or not: what Zalo shows is the post's own title."""
    from datetime import datetime

    from cchc.core.settings import TIMEZONE, load_settings
    from cchc.posts.model import Post
    from cchc.rendering import social

    settings = load_settings(FIXTURE_ROOT)
    when = datetime(2019, 1, 3, tzinfo=TIMEZONE)
    post = Post(
        "posts/2019/cu.md", "Bài cũ", when, None, ("Thông báo",), (), "bai-cu", "Mô tả.", (), False, "x", 5
    )
    og, card = social.post_og(post, settings, None, frozenset())
    assert card is not None and card.path == "tin-tuc/bai-cu/the-chia-se.png"
    assert (card.title, card.label) == ("Bài cũ", "Chuyên mục: Thông báo")
    assert og["image"] == settings.absolute("tin-tuc/bai-cu/the-chia-se.png")
    assert (og["image_type"], og["image_width"], og["image_height"]) == ("image/png", "1200", "630")


def test_cards_no_page_uses_are_removed_from_the_cache_after_an_hour(tmp_path: Path) -> None:
    import os
    import time

    cache = tmp_path / "cards"
    old = replace(CARD, path="tin-tuc/bai-cu/the-chia-se.png", title="Tiêu đề cũ")
    cards.card_files([CARD, old], cache)
    assert len(list(cache.glob("*.png"))) == 2
    cards.card_files([CARD], cache)  # the old title was just drawn: another build may read it
    assert len(list(cache.glob("*.png"))) == 2
    folder = cards.font_dir()
    assert folder is not None
    stale = cache / f"{cards.cache_key(old, folder)}.png"
    hour_ago = time.time() - 3601
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(cache / f"{cards.cache_key(CARD, folder)}.png", (hour_ago, hour_ago))
    files = cards.card_files([CARD], cache)
    assert list(files) == [CARD.path]
    assert [p.name for p in cache.glob("*.png")] == [f"{cards.cache_key(CARD, folder)}.png"]


def test_cards_are_copied_from_the_cache_and_kept_while_a_build_uses_them(tmp_path: Path) -> None:
    import os
    import time

    from cchc.build import publish

    cache = tmp_path / "cards"
    kept = cards.card_files([CARD], cache)[CARD.path]
    assert isinstance(kept, Path) and kept.parent == cache  # copied when written, never read
    publish.write_files(tmp_path / "site", {CARD.path: kept})
    with Image.open(tmp_path / "site" / CARD.path) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    drawn = cards.card_files([CARD], None)[CARD.path]  # no cache: the bytes themselves
    assert drawn == (tmp_path / "site" / CARD.path).read_bytes()
    built = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the offline copy's id: the same site
    assert offline.build_id({CARD.path: kept}, built) == offline.build_id({CARD.path: drawn}, built)
    hour_ago = time.time() - 3601
    os.utime(kept, (hour_ago, hour_ago))
    assert cards.card_files([CARD], cache)[CARD.path] == kept  # used now: made recent again
    other = replace(CARD, path="tin-tuc/khac/the-chia-se.png", title="Bài khác")
    cards.card_files([other], cache)  # another build (the preview), which does not use it
    assert kept.is_file()
