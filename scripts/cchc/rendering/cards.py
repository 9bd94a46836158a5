"""Share cards: the 1200 × 630 picture Zalo and Facebook show for a page without a cover.

A card carries the commune's name, the page's title (wrapped, in a bundled open font that
covers Vietnamese: DejaVu Sans from Debian's ``fonts-dejavu-core``, installed by
``scripts/setup.sh``) and its category or field. Cards are drawn with Pillow at build time
and kept in ``.cache/cards/``, keyed by the text, the font file and ``VERSION``: an
unchanged page is never drawn again. Nothing is downloaded.

A card is drawn as ink on one channel (0 the background, 255 white) and published as a
PNG of 16 colours: the ink in 15 steps from the site's indigo to white, and the yellow rule.
That is ~25 KB a card, a quarter of the JPEG it replaced, in the same time.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from cchc.core.file_cache import FileCache

VERSION = "3"  # changes with the drawing below (part of every card's cache key)
WIDTH, HEIGHT = 1200, 630
FILE_NAME = "the-chia-se.png"  # beside the page: tin-tuc/<slug>/the-chia-se.png
MIME = "image/png"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)  # Debian's fonts-dejavu-core
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

_MARGIN = 72
_BACKGROUND = (26, 35, 126)  # the site's indigo, darker: white text stays readable
_INK = (255, 255, 255)
_BAND = (255, 193, 7)  # a yellow rule under the commune's name
_STEPS = 15  # ink levels from the background (0) to white (_STEPS - 1); the band is _STEPS
_MUTED = 196  # the address at the bottom: three quarters of the way to white
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
    """The picture of ``card`` (PNG), from ``cache_dir`` when it was drawn before."""
    found = card_file(card, cache_dir)
    return found.read_bytes() if isinstance(found, Path) else found


def card_file(card: Card, cache_dir: Path | None) -> bytes | Path:
    """The picture of ``card``: its file in ``cache_dir`` (drawn there when it was not),
    or its PNG bytes when the cache cannot be written."""
    folder = font_dir()
    if folder is None:
        raise FileNotFoundError(f"font {BOLD} not found in {', '.join(FONT_DIRS)} (fonts-dejavu-core)")
    store, name = FileCache(cache_dir), f"{cache_key(card, folder)}.png"
    kept = store.use(name)
    if kept is None:
        data = draw(card, folder)
        store.put(name, data)
        kept = store.use(name)
        if kept is None:
            return data
    return kept


def card_files(cards: Iterable[Card], cache_dir: Path | None) -> dict[str, bytes | Path]:
    """Every card as ``{site-relative path: PNG, or the cached file to copy}`` (a build's
    outputs: thousands of cards are never all in memory); the cached cards no page uses any
    more are removed (``FileCache.prune``)."""
    unique = list({card.path: card for card in cards}.values())
    files = {card.path: card_file(card, cache_dir) for card in unique}
    folder = font_dir()
    if folder is not None:
        FileCache(cache_dir).prune(f"{cache_key(card, folder)}.png" for card in unique)
    return files


# --- drawing ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
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


_PALETTE = [
    round(_BACKGROUND[c] + (_INK[c] - _BACKGROUND[c]) * step / (_STEPS - 1))
    for step in range(_STEPS)
    for c in range(3)
] + list(_BAND)
_LEVELS = [round(value * (_STEPS - 1) / 255) for value in range(256)]  # ink 0–255 → step


@functools.lru_cache(maxsize=4)
def _frame(folder: Path, site: str, host: str) -> tuple[Image.Image, int]:
    """The parts every card of a site shares (its name, its address) as ink, and the line
    under the name where a card's own text starts."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    site_font = _font(folder, BOLD, 34)
    y = 64
    for line in wrap(site, site_font, WIDTH - 2 * _MARGIN)[:2]:
        pen.text((_MARGIN, y), line, font=site_font, fill=255)
        y += 44
    pen.text((WIDTH - _MARGIN, HEIGHT - 89), host, font=_font(folder, REGULAR, 26), fill=_MUTED, anchor="rm")
    return image, y


def draw(card: Card, folder: Path) -> bytes:
    """The card as PNG bytes (deterministic: the same text gives the same bytes)."""
    frame, y = _frame(folder, card.site, card.host)
    image = frame.copy()
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * _MARGIN
    title_font, lines = _fit(card.title, folder, inner)
    step = round(title_font.size * 1.22)
    for index, line in enumerate(lines):
        pen.text((_MARGIN, y + 60 + index * step), line, font=title_font, fill=255)
    bottom = HEIGHT - 64
    if card.label:  # indigo on a white box
        label_font = _font(folder, BOLD, 28)
        label = wrap(card.label, label_font, inner // 2)[0]
        box_width = round(label_font.getlength(label)) + 40
        pen.rounded_rectangle((_MARGIN, bottom - 50, _MARGIN + box_width, bottom), 10, fill=255)
        pen.text((_MARGIN + 20, bottom - 25), label, font=label_font, fill=0, anchor="lm")
    card_image = image.point(_LEVELS)
    card_image.putpalette(_PALETTE)  # now a "P" image: 16 colours
    ImageDraw.Draw(card_image).rectangle((_MARGIN, y + 14, _MARGIN + 120, y + 22), fill=_STEPS)
    out = io.BytesIO()
    card_image.save(out, "PNG", compress_level=3)
    return out.getvalue()
