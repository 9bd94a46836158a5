"""QR codes back to a page, for the printed checklist (built offline, no request at view time)."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import segno
from markupsafe import Markup

from cchc.rendering.templates import render

SCALE, BORDER = 4, 4  # 4 px per module: about 150 dpi at the printed size (32 mm)


def qr_image(url: str, cache_dir: Path | None = None) -> Markup:
    """A QR code of ``url`` as an ``<img>`` with an inline PNG (template ``procedures/qr.html.j2``).

    Encoding picks the best of eight masks (~15 ms a code), so codes are cached in memory
    (``mkdocs serve`` rebuilds every page on each change) and in ``cache_dir``; the cache
    holds the image data only, never HTML.
    """
    src, size = _qr_cached(url, cache_dir)
    # The <img> comes out of an autoescaped template: it is HTML, not text.
    return Markup(render("procedures/qr.html.j2", src=src, size=size))


@functools.lru_cache(maxsize=1024)
def _qr_cached(url: str, cache_dir: Path | None) -> tuple[str, int]:
    """The PNG of ``url``'s QR code as a ``data:`` URI, and its width in pixels."""
    key = hashlib.sha256(f"{version('segno')}\n{url}".encode()).hexdigest()[:32]
    path = cache_dir / f"{key}.json" if cache_dir is not None else None
    cached = _read(path) if path is not None else None
    if cached is not None:
        return cached
    qr = segno.make(url, error="m")
    src = qr.png_data_uri(scale=SCALE, border=BORDER)
    size = qr.symbol_size(scale=SCALE, border=BORDER)[0]
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"src": src, "size": size}), encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time
    return src, size


def _read(path: Path) -> tuple[str, int] | None:
    """A cached code, or ``None`` when there is none (or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    src, size = data.get("src"), data.get("size")
    if isinstance(src, str) and src.startswith("data:image/png;base64,") and isinstance(size, int):
        return src, size
    return None
