"""Light images (posts/variants.py, templates/posts/picture.html): every image with its width
and height, lazy except the page's first, responsive variants that exist at their declared
widths, and a 4 MB phone photo that costs a 360 px phone at most ~150 KB."""

from __future__ import annotations

import io
import re
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, ImageChops, ImageDraw

from cchc.posts import variants
from cchc.posts.model import Asset
from conftest import build_ok, make_project, post

BUDGET = 150 * 1024  # what a 4 MB photo may cost a 360 px phone


def phone_photo(quality: int = 90) -> bytes:
    """A 12 MP "photo" of about 4 MB: gradients, shapes, texture at several scales and sensor
    noise (JPEG); its 1600 px web version (``images.web_version``) is about 400 KB."""
    width, height = 4032, 3024
    base = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (base, base.rotate(90).resize((width, height)), ImageChops.invert(base)))
    pen = ImageDraw.Draw(image)
    for x in range(0, width, 160):
        y = (x * 7) % height
        pen.ellipse((x, y, x + 300, y + 300), fill=((x * 3) % 256, (x * 5) % 256, (x * 11) % 256))
    texture = [
        Image.effect_noise((700, 525), 70).resize((width, height), Image.Resampling.BICUBIC) for _ in "rgb"
    ]
    image = Image.blend(image, Image.merge("RGB", texture), 0.3)
    image = Image.blend(image, Image.effect_noise((width, height), 40).convert("RGB"), 0.15)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


@pytest.fixture(scope="module")
def photo() -> bytes:
    data = phone_photo()
    assert 3.5 * 1024 * 1024 < len(data) < 5 * 1024 * 1024
    return data


# --- variants ----------------------------------------------------------------------------------


def small_jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 80, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_variants_are_made_below_the_published_width(tmp_path: Path) -> None:
    source = tmp_path / "anh.jpg"
    source.write_bytes(small_jpeg(800, 600))
    image = variants.image_set(Asset(source, "tin-tuc/bai/anh.jpg", source.stat().st_size))
    assert image is not None and (image.width, image.height) == (800, 600)
    assert sorted((v.width, v.format) for v in image.variants) == [
        (360, "jpeg"),
        (360, "webp"),
        (720, "jpeg"),
        (720, "webp"),
        (800, "webp"),
    ]
    assert image.srcset("jpeg", "tin-tuc/bai/") == "anh-360w.jpg 360w, anh-720w.jpg 720w, anh.jpg 800w"
    assert image.srcset("webp", "tin-tuc/bai/").endswith("anh-800w.webp 800w")


def test_a_rotated_phone_photo_has_its_shown_size(tmp_path: Path) -> None:
    source = tmp_path / "doc.jpg"
    source.write_bytes(small_jpeg(800, 600, orientation=6))  # taken upright: shown 600 × 800
    asset = Asset(source, "tin-tuc/bai/doc.jpg", source.stat().st_size)
    image = variants.image_set(asset)
    assert image is not None and (image.width, image.height) == (600, 800)
    files = variants.variant_files([image], {asset.dest: asset}, None)
    with Image.open(io.BytesIO(files["tin-tuc/bai/doc-360w.jpg"])) as small:
        assert small.size == (360, 480)


def test_gifs_and_other_files_get_no_variants(tmp_path: Path) -> None:
    gif = tmp_path / "a.gif"
    Image.new("P", (50, 40)).save(gif)
    image = variants.image_set(Asset(gif, "tin-tuc/bai/a.gif", gif.stat().st_size))
    assert image is not None and image.variants == () and (image.width, image.height) == (50, 40)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert variants.image_set(Asset(pdf, "tin-tuc/bai/a.pdf", 8)) is None


def test_variants_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "anh.jpg"
    source.write_bytes(small_jpeg(800, 600))
    asset = Asset(source, "tin-tuc/bai/anh.jpg", source.stat().st_size)
    image = variants.image_set(asset)
    assert image is not None
    encoded: list[int] = []
    encode = variants.encode

    def counting(picture: Image.Image, width: int, height: int, fmt: str) -> bytes:
        encoded.append(width)
        return encode(picture, width, height, fmt)

    monkeypatch.setattr(variants, "encode", counting)
    cache = tmp_path / "cache"
    first = variants.variant_files([image], {asset.dest: asset}, cache)
    assert len(encoded) == len(image.variants) == 5
    again = variants.variant_files([image], {asset.dest: asset}, cache)
    assert again == first and len(encoded) == 5  # nothing encoded again


def test_the_picture_markup_is_one_line_and_escaped() -> None:
    image = variants.ImageSet(
        "tin-tuc/bai/anh.jpg",
        1600,
        1200,
        "jpeg",
        (variants.Variant("tin-tuc/bai/anh-360w.webp", 360, 270, "webp"),),
    )
    html = variants.picture_html(image, "tin-tuc/bai/", 'Ảnh "đẹp" <b>', first=False)
    assert "\n" not in html
    assert 'alt="Ảnh &#34;đẹp&#34; &lt;b&gt;"' in html
    assert 'loading="lazy"' in html and 'decoding="async"' in html and "fetchpriority" not in html
    first = variants.picture_html(image, "tin-tuc/bai/", "", first=True)
    assert 'loading="eager" fetchpriority="high"' in first


def test_body_images_become_pictures_outside_code_only() -> None:
    image = variants.ImageSet("tin-tuc/bai/anh.jpg", 400, 300, "jpeg")
    body = '![Một](anh.jpg)\n\n`![mã](anh.jpg)`\n\n![Hai](anh.jpg "Tên")\n\n![Ba](anh.jpg){: .lon }\n'
    out = variants.picture_body(body, "tin-tuc/bai/", {image.dest: image}, first=True)
    assert out.count("<img ") == 2 and "`![mã](anh.jpg)`" in out and "![Ba](anh.jpg){: .lon }" in out
    assert out.index('alt="Một"') < out.index('fetchpriority="high"') < out.index('alt="Hai"')
    assert out.count('loading="lazy"') == 1 and 'title="Tên"' in out


# --- a built post with a 4 MB photo ---------------------------------------------------------------

SRCSET_RE = re.compile(r"\s*(\S+)\s+(\d+)w\s*")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, photo: bytes) -> Path:
    body = (
        "Ảnh chụp tại Bộ phận Một cửa:\n\n![Người dân nộp hồ sơ](anh-dien-thoai.jpg)\n\n"
        "Đoạn giữa.\n\n![Ảnh thứ hai](anh-dien-thoai.jpg)\n"
    )
    posts = {
        "2025/anh.md": post("Bài có ảnh chụp bằng điện thoại", "2025-03-04", body=body),
        "2025/anh-dien-thoai.jpg": photo,
        "2025/bia.md": post("Bài có ảnh bìa", "2025-03-05", extra="image: bia.jpg\n", body=body),
        "2025/bia.jpg": small_jpeg(1000, 600),
    }
    return build_ok(make_project(tmp_path_factory.mktemp("images") / "p", posts=posts))


def images_of(html: Path) -> list[lxml.html.HtmlElement]:
    root = lxml.html.fromstring(html.read_bytes())
    return list(root.iter("img"))


@pytest.mark.slow
def test_every_srcset_variant_exists_at_its_declared_width(site: Path) -> None:
    checked = 0
    for page in site.glob("tin-tuc/*/index.html"):
        root = lxml.html.fromstring(page.read_bytes())
        for element in root.xpath("//img[@srcset] | //source[@srcset]"):
            for candidate in element.get("srcset").split(","):
                match = SRCSET_RE.fullmatch(candidate)
                assert match, candidate
                with Image.open(page.parent / match.group(1)) as opened:
                    assert opened.width == int(match.group(2)), candidate
                    if element.tag == "source":
                        assert opened.format == "WEBP"
                checked += 1
    assert checked >= 20


@pytest.mark.slow
def test_every_image_has_its_size_and_only_the_first_is_eager(site: Path) -> None:
    for slug, first_in_body in (("bai-co-anh-chup-bang-dien-thoai", True), ("bai-co-anh-bia", False)):
        content = [
            i for i in images_of(site / "tin-tuc" / slug / "index.html") if "logo" not in i.get("src", "")
        ]
        assert len(content) == (2 if first_in_body else 3)
        for image in content:
            assert image.get("width") and image.get("height"), image.get("src")
            assert image.get("decoding") == "async"
        assert content[0].get("loading") == "eager" and content[0].get("fetchpriority") == "high"
        assert all(i.get("loading") == "lazy" and i.get("fetchpriority") is None for i in content[1:])
        with Image.open(site / "tin-tuc" / slug / content[-1].get("src")) as opened:
            assert opened.size == (int(content[-1].get("width")), int(content[-1].get("height")))


@pytest.mark.slow
def test_a_4_mb_photo_costs_a_360_px_phone_at_most_150_kb(site: Path, photo: bytes) -> None:
    """The candidate a browser picks for a 360 px screen (``sizes``: the full width) at a
    device pixel ratio of 1, 2 and 3: the narrowest WebP at least 360 × ratio pixels wide."""
    folder = site / "tin-tuc" / "bai-co-anh-chup-bang-dien-thoai"
    root = lxml.html.fromstring((folder / "index.html").read_bytes())
    source = root.xpath("//picture/source")[0]
    assert source.get("sizes").endswith("100vw, 50em")
    candidates = sorted(
        (int(m.group(2)), (folder / m.group(1)).stat().st_size)
        for m in map(SRCSET_RE.fullmatch, source.get("srcset").split(","))
        if m
    )
    for ratio in (1, 2, 3):
        width, size = next(c for c in candidates if c[0] >= 360 * ratio)
        assert size <= BUDGET, (ratio, width, size)
    before = (folder / "anh-dien-thoai.jpg").stat().st_size  # what every reader got before
    assert before > 2 * BUDGET


def test_an_image_narrower_than_the_column_is_never_offered_as_wider_than_itself() -> None:
    """A 300 px image: the browser is told it shows at most 300 px wide (else it would pick
    the image as if it filled the 800 px column and blur it)."""
    assert variants.sizes_for(300) == "(max-width: 300px) 100vw, 300px"
    assert variants.sizes_for(800) == variants.sizes_for(4000) == "(max-width: 50em) 100vw, 50em"


def test_a_thumbnail_is_the_lightest_copy_wide_enough() -> None:
    from cchc.posts.variants import ImageSet, Variant

    copies = tuple(
        Variant(f"a-{w}w.{f}", w, w // 2, f.replace("jpg", "jpeg"))
        for w in (360, 720)
        for f in ("webp", "jpg")
    )
    image = ImageSet("a.jpg", 1200, 600, "jpeg", copies)
    assert image.smallest(320) == "a-360w.webp"
    assert image.smallest(400) == "a-720w.webp"
    assert image.smallest(1000) == "a.jpg"  # no copy wide enough: the image itself
    assert ImageSet("b.gif", 200, 100, "gif").smallest(320) == "b.gif"
