"""Responsive variants of the images published with posts: a phone gets a picture its size.

For every raster image a post publishes (``images.py`` already scaled a phone photo to at
most 1600 px), the build makes smaller copies at ``WIDTHS`` in WebP and in the image's own
format (the fallback), with Pillow, cached in ``.cache/images/variants/`` by content,
width, format and ``VERSION``. Pages then offer them with ``srcset``/``sizes`` in a
``<picture>`` (template ``posts/picture.html``), with ``width``/``height`` so nothing
moves while the image loads. A 360 px phone downloads the 360/720/1080 px WebP (tens of
kilobytes), not the 1600 px JPEG.

``image_set`` reads the image's header only (its size); ``variant_files`` encodes, in the
build's outputs. Markdown images in a body (``![mô tả](anh.jpg)``) become the picture's HTML
before the body is rendered (``picture_body``), so every engine renders the same page.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from PIL import Image, ImageOps

from cchc.core.file_cache import FileCache
from cchc.core.urls import rel
from cchc.posts.loading import _LOCAL_REF_RE, _outside_code
from cchc.posts.model import Asset
from cchc.rendering.templates import render

VERSION = "1"  # changes with the encoding below (part of every variant's cache key)
WIDTHS = (360, 720, 1080)
# The content column: the whole screen on a phone, at most 50em (800 px) on a computer.
SIZES = "(max-width: 50em) 100vw, 50em"
_COLUMN_PX = 800


def sizes_for(width: int) -> str:
    """The ``sizes`` of an image ``width`` pixels wide: never shown wider than itself, so a
    small image is not chosen as if it filled the column (and blurred by the browser)."""
    if width >= _COLUMN_PX:
        return SIZES
    return f"(max-width: {width}px) 100vw, {width}px"


FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".gif": "gif"}
_EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}
_MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Variant:
    """One smaller copy of an image, published at ``dest`` (site-relative)."""

    dest: str
    width: int
    height: int
    format: str  # "webp", "jpeg", "png"


@dataclass(frozen=True)
class ImageSet:
    """A published image (``dest``, as it is shown: EXIF rotation applied) and its variants."""

    dest: str
    width: int
    height: int
    format: str  # the published image's own format: the fallback
    variants: tuple[Variant, ...] = ()

    def srcset(self, fmt: str, folder: str) -> str:
        """The ``srcset`` of the ``fmt`` copies, relative to the page at ``folder``; the
        published image itself is the widest copy of its own format."""
        entries = [(v.width, v.dest) for v in self.variants if v.format == fmt]
        if fmt == self.format:
            entries.append((self.width, self.dest))
        return ", ".join(f"{rel(folder, dest)} {width}w" for width, dest in sorted(entries))

    def smallest(self, at_least: int) -> str:
        """The site path of the lightest copy at least ``at_least`` pixels wide (WebP before
        the image's own format at the same width), else the image itself: a thumbnail's."""
        wide = [v for v in self.variants if v.width >= at_least]
        if not wide:
            return self.dest
        return min(wide, key=lambda v: (v.width, v.format != "webp")).dest

    @property
    def webp(self) -> bool:
        """Whether a WebP ``<source>`` is offered beside the fallback."""
        return self.format != "webp" and any(v.format == "webp" for v in self.variants)

    @property
    def mime(self) -> str:
        return _MIME[self.format]


# --- sizes (headers only) ----------------------------------------------------------------------


def image_set(asset: Asset, taken: frozenset[str] = frozenset()) -> ImageSet | None:
    """The image ``asset`` publishes with its variants' names and sizes (nothing encoded);
    ``None`` for a file that is not a still raster image. ``taken``: paths the site already
    publishes (a variant is never written over an official's file)."""
    fmt = FORMATS.get(asset.source.suffix.lower())
    if fmt is None:
        return None
    try:
        width, height = _shown_size(asset)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    if fmt == "gif":
        return ImageSet(asset.dest, width, height, fmt)  # its size only: a GIF may be animated
    variants = []
    stem = PurePosixPath(asset.dest)
    for target in [w for w in WIDTHS if w < width] + [width]:
        formats = ("webp", fmt) if target < width else ("webp",)
        for each in formats:
            if target == width and each == fmt:
                continue  # that copy is the published image itself
            dest = str(stem.with_name(f"{stem.stem}-{target}w{_EXTENSIONS[each]}"))
            if dest not in taken:
                variants.append(Variant(dest, target, max(1, round(height * target / width)), each))
    return ImageSet(asset.dest, width, height, fmt, tuple(variants))


def _shown_size(asset: Asset) -> tuple[int, int]:
    """Width and height as a browser shows the published file (EXIF rotation applied)."""
    with _opened(asset) as image:
        width, height = image.size
        if asset.data is None and image.getexif().get(0x0112, 1) in _ROTATED:
            return height, width
        return width, height


def _opened(asset: Asset) -> Image.Image:
    return Image.open(io.BytesIO(asset.data) if asset.data is not None else asset.source)


# --- encoding (the build's outputs) --------------------------------------------------------------


def variant_files(
    sets: Iterable[ImageSet], assets: Mapping[str, Asset], cache_dir: Path | None
) -> dict[str, bytes]:
    """Every variant of ``sets`` as ``{site-relative path: bytes}``; ``assets``: the published
    images by ``dest``. The cached variants no image uses any more are removed."""
    files: dict[str, bytes] = {}
    store = FileCache(cache_dir)
    used: list[str] = []
    for image in sets:
        if not image.variants:
            continue
        asset = assets[image.dest]
        raw = asset.data if asset.data is not None else asset.source.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()[:32]
        decoded: list[Image.Image] = []
        for variant in image.variants:
            name = _cache_name(digest, variant)
            used.append(name)
            data = store.get(name)
            if data is None:
                if not decoded:  # decoded once per image, only when a variant is not cached
                    with Image.open(io.BytesIO(raw)) as original:
                        decoded.append(ImageOps.exif_transpose(original))
                data = encode(decoded[0], variant.width, variant.height, variant.format)
                store.put(name, data)
            files[variant.dest] = data
    store.prune(used)
    return files


def _cache_name(digest: str, variant: Variant) -> str:
    key = hashlib.sha256(f"{VERSION}\0{digest}\0{variant.width}\0{variant.format}".encode()).hexdigest()[:32]
    return f"{key}{_EXTENSIONS[variant.format]}"


def encode(image: Image.Image, width: int, height: int, fmt: str) -> bytes:
    """``image`` scaled to ``width`` × ``height`` and encoded as ``fmt``."""
    small = image.resize((width, height), Image.Resampling.LANCZOS) if image.width != width else image
    out = io.BytesIO()
    if fmt == "webp":
        keep_alpha = small.mode in ("RGBA", "LA") or "transparency" in small.info
        quality = 72 if width < 1000 else 64  # 1080 px: screens of 3 device pixels a CSS pixel
        small.convert("RGBA" if keep_alpha else "RGB").save(out, "WEBP", quality=quality, method=4)
    elif fmt == "png":
        small.save(out, "PNG", optimize=True)
    else:
        small.convert("RGB").save(out, "JPEG", quality=78, optimize=True, progressive=True)
    return out.getvalue()


# --- markup ----------------------------------------------------------------------------------------


def picture_html(image: ImageSet, folder: str, alt: str, *, first: bool, title: str = "") -> str:
    """The ``<picture>`` of ``image`` for the page at ``folder``, on one line: eager and
    fetched first when it is the page's first image (the largest paint), else lazy."""
    return render(
        "posts/picture.html",
        image=image,
        folder=folder,
        alt=alt,
        title=title,
        first=first,
        sizes=sizes_for(image.width),
    ).strip()


_ESCAPED = re.compile(r"\\(.)")


def picture_body(body: str, folder: str, sets: Mapping[str, ImageSet], *, first: bool) -> str:
    """``body`` (Markdown of the page at ``folder``) with each local image the site knows
    (``sets``, by site path) as its ``<picture>``; ``first``: the body's first image is the
    page's first (no cover above it). Images followed by ``{: …}`` are left as written."""
    state = {"first": first}

    def replace(match: re.Match[str], at: int) -> str:
        bang, alt, target, title = match.groups()
        end = match.end()
        path = posixpath.normpath(posixpath.join(folder, unquote(target.split("#", 1)[0])))
        image = sets.get(path) if bang else None
        if image is None or body[end : end + 1] == "{" or "://" in target:
            return match.group(0)
        html = picture_html(
            image,
            folder,
            _ESCAPED.sub(r"\1", alt),
            first=state["first"],
            title=(title or "").strip()[1:-1],
        )
        state["first"] = False
        return html

    return _outside_code(body, _LOCAL_REF_RE, replace)
