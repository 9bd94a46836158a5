"""Share cards: the 1200 × 630 picture Zalo and Facebook show for a page without a cover.

A card carries the commune's name, the page's title (wrapped, in a bundled open font that
covers Vietnamese: DejaVu Sans from Debian's ``fonts-dejavu-core``, installed by
``scripts/setup.sh``) and its category or field. Cards are drawn with Pillow at build time
and kept in ``.cache/cards/``, keyed by the text, the font file and ``VERSION``: an
unchanged page is never drawn again. Nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

VERSION = "2"  # changes with the drawing below (part of every card's cache key)
WIDTH, HEIGHT = 1200, 630
FILE_NAME = "the-chia-se.jpg"  # beside the page: tin-tuc/<slug>/the-chia-se.jpg
MIME = "image/jpeg"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)  # Debian's fonts-dejavu-core
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

_MARGIN = 72
_BACKGROUND = (26, 35, 126)  # the site's indigo, darker: white text stays readable
_BAND = (255, 193, 7)  # a yellow rule under the commune's name
_TEXT = (255, 255, 255)
_MUTED = (197, 202, 233)
_LABEL_BG = (255, 255, 255)
_LABEL_TEXT = (26, 35, 126)
_TITLE_SIZES = (68, 60, 54, 48, 42)  # the largest size at which the title fits
_TITLE_LINES = 4


@dataclass(frozen=True)
class Card:
    """One card: where it is published (site-relative) and what it says."""

    path: str
    site: str  # the commune's name (the organisation), at the top
    title: str
    label: str  # "Chuyên mục: Thông báo", "Lĩnh vực: Hộ tịch"
    host: str  # the site's address, at the bottom right


def font_dir() -> Path | None:
    """Where the bundled font is (``CCHC_FONT_DIR`` first); ``None`` when it is not installed."""
    candidates = [os.environ.get("CCHC_FONT_DIR", ""), *FONT_DIRS]
    for folder in filter(None, candidates):
        path = Path(folder)
        if (path / REGULAR).is_file() and (path / BOLD).is_file():
            return path
    return None


def available() -> bool:
    """Whether cards can be drawn (the font is installed): pages without a cover then get one."""
    return font_dir() is not None


@functools.lru_cache(maxsize=4)
def _font_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in (REGULAR, BOLD):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_key(card: Card, folder: Path) -> str:
    """The card's key: its text, the font files and ``VERSION`` (not its path)."""
    parts = [VERSION, _font_digest(folder), f"{WIDTH}x{HEIGHT}", card.site, card.title, card.label, card.host]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def card_png(card: Card, cache_dir: Path | None) -> bytes:
    """The picture of ``card`` (JPEG), from ``cache_dir`` when it was drawn before."""
    folder = font_dir()
    if folder is None:
        raise FileNotFoundError(f"font {BOLD} not found in {', '.join(FONT_DIRS)} (fonts-dejavu-core)")
    cached = cache_dir / f"{cache_key(card, folder)}.jpg" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        with contextlib.suppress(OSError):
            return cached.read_bytes()
    data = draw(card, folder)
    if cached is not None:
        _keep(cached, data)
    return data


def card_files(cards: Iterable[Card], cache_dir: Path | None) -> dict[str, bytes]:
    """Every card as ``{site-relative path: JPEG}`` (a build's outputs)."""
    return {card.path: card_png(card, cache_dir) for card in cards}


def _keep(cached: Path, data: bytes) -> None:
    """Store a card whole or not at all; a cache that cannot be written only costs time."""
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, cached)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()


# --- drawing ---------------------------------------------------------------------------------


def _font(folder: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: the same pixels on every machine (NFC Vietnamese is precomposed).
    return ImageFont.truetype(str(folder / name), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, broken between words (a word wider
    than a line is broken between letters)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            cut = max(1, next(i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit(text: str, folder: Path, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size at which ``text`` takes at most ``_TITLE_LINES`` lines; at the
    smallest, the lines after the last are cut with an ellipsis."""
    for size in _TITLE_SIZES:
        font = _font(folder, BOLD, size)
        lines = wrap(text, font, width)
        if len(lines) <= _TITLE_LINES:
            return font, lines
    kept = lines[:_TITLE_LINES]
    last = kept[-1]
    while last and font.getlength(last + " …") > width:
        last = last[:-1].rstrip()
    kept[-1] = last + " …"
    return font, kept


def draw(card: Card, folder: Path) -> bytes:
    """The card as JPEG bytes (deterministic: the same text gives the same bytes). JPEG,
    not PNG: PNG's encoder took three quarters of a card's ~22 ms (measured), JPEG's ~1.6 ms."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * _MARGIN
    site_font = _font(folder, BOLD, 34)
    site_lines = wrap(card.site, site_font, inner)[:2]
    y = 64
    for line in site_lines:
        pen.text((_MARGIN, y), line, font=site_font, fill=_TEXT)
        y += 44
    pen.rectangle((_MARGIN, y + 14, _MARGIN + 120, y + 22), fill=_BAND)
    title_font, lines = _fit(card.title, folder, inner)
    step = round(title_font.size * 1.22)
    top = y + 60
    for index, line in enumerate(lines):
        pen.text((_MARGIN, top + index * step), line, font=title_font, fill=_TEXT)
    label_font = _font(folder, BOLD, 28)
    bottom = HEIGHT - 64
    if card.label:
        label = wrap(card.label, label_font, inner // 2)[0]
        box_width = round(label_font.getlength(label)) + 40
        pen.rounded_rectangle((_MARGIN, bottom - 50, _MARGIN + box_width, bottom), 10, fill=_LABEL_BG)
        pen.text((_MARGIN + 20, bottom - 25), label, font=label_font, fill=_LABEL_TEXT, anchor="lm")
    host_font = _font(folder, REGULAR, 26)
    pen.text((WIDTH - _MARGIN, bottom - 25), card.host, font=host_font, fill=_MUTED, anchor="rm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
