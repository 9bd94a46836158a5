"""Images published with posts: checked with Pillow and scaled down for slow networks.

A phone photo of 10 MB is not an error an official should have to fix by hand: it is
re-encoded to at most ``MAX_WIDTH`` pixels wide, and the build says so. Files that are
not images, or are absurdly large, are reported as problems.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from cchc.core.limits import DEFAULT_LIMITS, key, number, raise_fix

MAX_BYTES = 400 * 1024  # larger images are re-encoded
MAX_WIDTH = 1600
HARD_LIMIT = 40 * 1024 * 1024  # larger files are rejected
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
IMAGE_FIX = "Chụp hoặc xuất lại ảnh dạng .jpg (dưới 5 MB là đủ rõ) rồi thay tệp."
BOMB_FIX = (
    "Thu nhỏ ảnh (ví dụ còn 2000 điểm ảnh chiều ngang) bằng phần mềm xem ảnh, lưu lại dạng .jpg rồi thay tệp."
)
_DAMAGED = "Tệp không phải là ảnh hợp lệ (có thể bị hỏng hoặc sai đuôi tệp)."


class ImageProblem(ValueError):
    """A Vietnamese message about an image that cannot be published, and how to fix it."""

    def __init__(self, message: str, fix: str = IMAGE_FIX) -> None:
        super().__init__(message)
        self.fix = fix


def is_raster(path: Path) -> bool:
    """Whether Pillow reads this file at all: decided by the name, never by opening it."""
    return path.suffix.lower() in RASTER


@contextmanager
def _decoding() -> Iterator[None]:
    """Turn Pillow's failures while reading an image into an ``ImageProblem``.

    Pillow only *warns* about an image of more than ``Image.MAX_IMAGE_PIXELS`` pixels (and
    refuses twice as many): both are reported, as decoding one would exhaust the memory.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = f"{Image.MAX_IMAGE_PIXELS or 0:,}".replace(",", ".")
        raise ImageProblem(
            f"Ảnh có quá nhiều điểm ảnh (hơn {limit} điểm ảnh), chương trình không xử lý được.", BOMB_FIX
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageProblem(_DAMAGED) from None


def needs_resize(path: Path) -> bool:
    """Large still images are re-encoded; GIFs are left alone (they may be animated)."""
    return is_raster(path) and path.suffix.lower() != ".gif" and path.stat().st_size > MAX_BYTES


def check(path: Path, max_pixels: int = DEFAULT_LIMITS.image_pixels) -> None:
    """Raise ``ImageProblem`` if the file is not a readable image or is far too large.

    The pixels are counted from the header (``Image.open`` reads only that) before anything
    is decoded: a 20 000 × 20 000 PNG of a few hundred kilobytes is refused at once.
    """
    size = path.stat().st_size
    if size > HARD_LIMIT:
        raise ImageProblem(f"Ảnh nặng {size / 1048576:.0f} MB, quá giới hạn {HARD_LIMIT // 1048576} MB.")
    if not is_raster(path):
        return
    with _decoding():
        pixels = _header_pixels(path)
    if pixels[0] * pixels[1] > max_pixels:
        width, height = pixels
        raise ImageProblem(
            f"Ảnh có {number(width)} × {number(height)} điểm ảnh ({number(width * height)}), quá giới hạn "
            f"{number(max_pixels)} điểm ảnh ({key('image_pixels')}); chương trình không mở ảnh này.",
            raise_fix("image_pixels", BOMB_FIX),
        )
    with _decoding(), Image.open(path) as image:
        image.verify()


def _header_pixels(path: Path) -> tuple[int, int]:
    """Width and height from the image's header, nothing decoded (Pillow's own bomb guard,
    which would refuse with its limit rather than the site's, is lifted for this only)."""
    guard = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            return image.size
    finally:
        Image.MAX_IMAGE_PIXELS = guard


def web_version(path: Path, cache_dir: Path | None = None) -> bytes:
    """The image re-encoded for the web: at most ``MAX_WIDTH`` wide, EXIF rotation applied.

    Results are cached by content hash, so repeated builds do not redo the work. Raises
    ``ImageProblem`` for an image that ``check`` passed but that cannot be decoded (a
    truncated JPEG: ``verify`` reads only its header).
    """
    raw = path.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:32]
    cached = cache_dir / f"{key}{path.suffix.lower()}" if cache_dir else None
    if cached and cached.is_file():
        with contextlib.suppress(OSError):  # unreadable: made again
            return cached.read_bytes()
    with _decoding():
        data = _reencoded(raw, path.suffix.lower())
    if len(data) >= len(raw):
        data = raw
    if cached:
        _keep(cached, data)
    return data


def _keep(cached: Path, data: bytes) -> None:
    """Store a re-encoded image: whole or not at all (a build killed while writing must
    not leave a cut image that the next build would publish); a cache that cannot be
    written (``.cache`` a file, a full disk) only costs time."""
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, cached)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()


def _reencoded(raw: bytes, suffix: str) -> bytes:
    with Image.open(io.BytesIO(raw)) as original:
        image = ImageOps.exif_transpose(original)
        if image.width > MAX_WIDTH:
            height = round(image.height * MAX_WIDTH / image.width)
            image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if suffix == ".png":
            image.save(out, "PNG", optimize=True)
        elif suffix == ".webp":
            image.convert("RGB").save(out, "WEBP", quality=80)
        else:
            image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
