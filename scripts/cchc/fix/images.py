"""Photos over the size or pixel limit: resized and re-encoded, the original kept out of the site.

A 12 MB phone photo is re-encoded by every build (``cchc.posts.images``) while the original
goes into git. ``check --fix`` does it once, in place: at most ``MAX_WIDTH`` pixels wide, EXIF
rotation applied, same format and name; the original is *moved* (never deleted) to
``.originals/<its path>`` at the project root, a dot-folder that is never published and is
ignored by git (``.gitignore``), so the repository stays small and nothing is lost.

Idempotent: an image is fixed when it is wider than ``MAX_WIDTH``, has more pixels than the
limit, or weighs more than ``MAX_BYTES`` and has no original kept yet.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageOps

from cchc.core.limits import number
from cchc.fix.changes import Change
from cchc.posts.images import MAX_BYTES, MAX_WIDTH

ORIGINALS = ".originals"
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def _size(path: Path) -> tuple[int, int] | None:
    guard = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, SyntaxError):
        return None  # not an image: the loader says so
    finally:
        Image.MAX_IMAGE_PIXELS = guard


def original_of(root: Path, path: Path) -> Path:
    return root / ORIGINALS / path.relative_to(root)


def needs_fix(root: Path, path: Path, max_pixels: int) -> tuple[int, int] | None:
    """The image's size when it should be resized, else ``None``."""
    if path.suffix.lower() not in _FORMATS:
        return None
    size = _size(path)
    if size is None:
        return None
    width, height = size
    heavy = path.stat().st_size > MAX_BYTES and not original_of(root, path).exists()
    return size if width > MAX_WIDTH or width * height > max_pixels or heavy else None


def _target(width: int, height: int, max_pixels: int) -> tuple[int, int]:
    """At most ``MAX_WIDTH`` wide and ``max_pixels`` in all, proportions kept."""
    scale = min(1.0, MAX_WIDTH / width, (max_pixels / (width * height)) ** 0.5)
    return max(1, int(width * scale)), max(1, int(height * scale))


def _resized(path: Path, max_pixels: int) -> bytes:
    guard = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as original:
            if original.format == "JPEG":
                original.draft("RGB", _target(*original.size, max_pixels))  # decoded at a reduced scale
            image = ImageOps.exif_transpose(original)
            size = _target(image.width, image.height, max_pixels)
            if size != image.size:
                image = image.resize(size, Image.Resampling.LANCZOS)
            out = io.BytesIO()
            kind = _FORMATS[path.suffix.lower()]
            if kind == "PNG":
                image.save(out, "PNG", optimize=True)
            elif kind == "WEBP":
                image.convert("RGB").save(out, "WEBP", quality=80)
            else:
                image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue()
    finally:
        Image.MAX_IMAGE_PIXELS = guard


def _describe(path: Path, size: tuple[int, int]) -> str:
    return f"{path.stat().st_size / 1048576:.1f} MB, {number(size[0])} × {number(size[1])} điểm ảnh".replace(
        ".", ",", 1
    )


def fix_image(root: Path, path: Path, size: tuple[int, int], max_pixels: int, apply: bool) -> Change | None:
    rel = path.relative_to(root).as_posix()
    kept = original_of(root, path)
    keep_rel = kept.relative_to(root).as_posix()
    what = (
        f"thu nhỏ ảnh ({_describe(path, size)}) còn tối đa {number(MAX_WIDTH)} điểm ảnh chiều ngang; "
        f"ảnh gốc được chuyển vào {keep_rel} (không đăng lên trang, không đưa vào git)"
    )
    if not apply:
        return Change(rel, None, what, "image")
    try:
        data = _resized(path, max_pixels)
    except (OSError, ValueError, SyntaxError):
        return None  # damaged: the loader reports it
    if len(data) >= path.stat().st_size and size[0] <= MAX_WIDTH and size[0] * size[1] <= max_pixels:
        return None  # nothing to gain
    kept.parent.mkdir(parents=True, exist_ok=True)
    if kept.exists():
        kept = kept.with_name(f"{kept.stem}.{os.getpid()}{kept.suffix}")
    os.replace(path, kept)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    return Change(
        rel,
        None,
        what.replace("thu nhỏ", "đã thu nhỏ", 1) + f", ảnh mới nặng {len(data) // 1024} KB",
        "image",
    )
