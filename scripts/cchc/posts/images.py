"""Images published with posts: checked with Pillow and scaled down for slow networks.

A phone photo of 10 MB is not an error an official should have to fix by hand: it is
re-encoded to at most ``MAX_WIDTH`` pixels wide, and the build says so. Files that are
not images, or are absurdly large, are reported as problems.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 400 * 1024  # larger images are re-encoded
MAX_WIDTH = 1600
HARD_LIMIT = 40 * 1024 * 1024  # larger files are rejected
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


class ImageProblem(ValueError):
    """A Vietnamese message about an image that cannot be published."""


def needs_resize(path: Path) -> bool:
    """Large still images are re-encoded; GIFs are left alone (they may be animated)."""
    return path.suffix.lower() in RASTER - {".gif"} and path.stat().st_size > MAX_BYTES


def check(path: Path) -> None:
    """Raise ``ImageProblem`` if the file is not a readable image or is far too large."""
    size = path.stat().st_size
    if size > HARD_LIMIT:
        raise ImageProblem(f"Ảnh nặng {size / 1048576:.0f} MB, quá giới hạn {HARD_LIMIT // 1048576} MB.")
    if path.suffix.lower() not in RASTER:
        return
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ImageProblem("Tệp không phải là ảnh hợp lệ (có thể bị hỏng hoặc sai đuôi tệp).") from None


def web_version(path: Path, cache_dir: Path | None = None) -> bytes:
    """The image re-encoded for the web: at most ``MAX_WIDTH`` wide, EXIF rotation applied.

    Results are cached by content hash, so repeated builds do not redo the work.
    """
    raw = path.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:32]
    cached = cache_dir / f"{key}{path.suffix.lower()}" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    with Image.open(io.BytesIO(raw)) as original:
        image = ImageOps.exif_transpose(original)
        if image.width > MAX_WIDTH:
            height = round(image.height * MAX_WIDTH / image.width)
            image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if path.suffix.lower() == ".png":
            image.save(out, "PNG", optimize=True)
        elif path.suffix.lower() == ".webp":
            image.convert("RGB").save(out, "WEBP", quality=80)
        else:
            image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    data = out.getvalue()
    if len(data) >= len(raw):
        data = raw
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return data
