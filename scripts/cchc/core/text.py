"""Vietnamese text handling: NFC, diacritic folding, search keys, slugs, legacy encodings.

Every other module goes through here, so that a string is treated the same way in
slugs, validation, feeds and the search index.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks (dấu thanh) as combining characters, and their one-letter codes.
TONE_MARKS = {
    "\u0300": "f",  # huyền  (grave)
    "\u0301": "s",  # sắc    (acute)
    "\u0303": "x",  # ngã    (tilde)
    "\u0309": "r",  # hỏi    (hook above)
    "\u0323": "j",  # nặng   (dot below)
}

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_COMBINING_RE = re.compile("[\u0300-\u036f]")
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form every stored string uses."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def strip_marks(text: str) -> str:
    """Remove every diacritic and map đ/Đ to d/D ("Đăng ký" -> "Dang ky").

    ``đ`` has no Unicode decomposition, so NFD alone would leave it in place.
    """
    decomposed = unicodedata.normalize("NFD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Search folding: lower case, no diacritics, đ->d, y->i ("Đăng KÝ" -> "dang ki").

    ``y``/``i`` are folded together because both spellings are correct in many
    syllables (ký/kí, lý/lí, mỹ/mĩ, quý/quí); doing it on index and query alike
    keeps matching symmetric. The search client (``search.js``) repeats these exact
    steps (NFD, drop U+0300–U+036F, đ->d, y->i, NFC), checked by ``tests/search_vectors.json``.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    base = _COMBINING_RE.sub("", decomposed).replace("đ", "d").replace("y", "i")
    return nfc(base)


def exact_key(word: str) -> str:
    """A spelling key that keeps diacritics but ignores where the tone mark sits.

    ``hoà``/``hòa`` and ``thuỷ``/``thủy`` (old and new tone placement) get the same
    key, as do NFC and NFD input and ``ký``/``kí``; ``dùng`` and ``dựng`` do not.
    The key is the lower-case word without tone marks (vowel marks and ``đ`` kept,
    y->i), then ``:`` and the tone letters when it has any: ``Hoà`` -> ``hoa:f``,
    ``ký`` -> ``ki:s``, ``đăng`` -> ``đăng``.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(TONE_MARKS[ch] for ch in decomposed if ch in TONE_MARKS)
    base = nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS)).replace("y", "i")
    return f"{base}:{tones}" if tones else base


def has_marks(word: str) -> bool:
    """True when the word carries any Vietnamese diacritic (including đ)."""
    return strip_marks(word) != word


def words(text: str) -> list[str]:
    """Split text into word tokens (letters and digits), NFC, original case."""
    return _WORD_RE.findall(nfc(text))


def slugify(text: str) -> str:
    """ASCII URL slug: ``"Đăng ký khai sinh – 291/BC-UBND"`` -> ``dang-ky-khai-sinh-291-bc-ubnd``."""
    ascii_text = strip_marks(nfc(text)).lower()
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    return _NON_SLUG_RE.sub("-", ascii_text).strip("-")


def markdown_slugify(value: str, separator: str = "-") -> str:
    """Heading-anchor slugifier for Python-Markdown's ``toc`` extension."""
    slug = slugify(value)
    return slug.replace("-", separator) if separator != "-" else slug


# --- legacy encodings -------------------------------------------------------------

# Characters that TCVN3 (ABC) text shows when read as Windows-1252/Latin-1. None of them
# occurs in Vietnamese written in Unicode (unlike à, ã, é, ì, which both share).
_TCVN3_MARKERS = set("¸µ¶·¹¨©ª®¬§×¦°±¾¼½Þßþ")
# VNI-Windows spells â/ê/ô/ă as a vowel plus â/ê, tones as a following ù ø û õ ï, and
# ư/đ as ö/ñ: sequences that Unicode Vietnamese never contains.
_VNI_RE = re.compile(r"[aeoAEO][âêÂÊ]|[aeiouyâêôAEIOUYÂÊÔ][ùøûõïÙØÛÕÏ]|[öñøûïÖÑØÛÏ]")
_LEGACY_HINT_RE = re.compile("[" + "".join(sorted(_TCVN3_MARKERS)) + "]|" + _VNI_RE.pattern)
_VIET_PRECOMPOSED_RE = re.compile("[\u1ea0-\u1ef9\u0103\u0111\u01a1\u01b0]", re.IGNORECASE)


def legacy_encoding(text: str) -> str | None:
    """Name the legacy Vietnamese encoding ``text`` appears to be pasted from, if any.

    Returns ``"TCVN3"``, ``"VNI"`` or ``None``. Text with real Vietnamese letters
    (U+1EA0–U+1EF9, ă, đ, ơ, ư) is never flagged, so correct Unicode is not at risk.
    """
    viet = len(_VIET_PRECOMPOSED_RE.findall(text))
    letters = sum(ch.isalpha() for ch in text) or 1
    tcvn = sum(ch in _TCVN3_MARKERS for ch in text)
    distinct = len(_TCVN3_MARKERS.intersection(text))
    if distinct >= 3 and tcvn / letters > 0.02 and viet <= tcvn // 10:
        return "TCVN3"
    vni = len(_VNI_RE.findall(text))
    if vni >= 3 and viet <= vni // 10:
        return "VNI"
    return None


def find_legacy(text: str) -> tuple[str, int] | None:
    """The first paragraph that looks pasted from TCVN3/VNI: ``(encoding, line number)``.

    Checked paragraph by paragraph, because an official typically types the header in
    Unicode and pastes one old paragraph below it.
    """
    if not _LEGACY_HINT_RE.search(text):
        return None  # the common case, decided in one pass
    line = 1
    for block in re.split(r"(\n\s*\n)", text):
        encoding = legacy_encoding(block) if block.strip() else None
        if encoding:
            return encoding, line
        line += block.count("\n")
    return None


def decode_source(raw: bytes) -> tuple[str, list[str]]:
    """Decode a file an official saved: UTF-8 (with or without BOM), any line endings.

    Returns the NFC text with ``\\n`` line endings and a list of notes on what was
    fixed. Raises ``UnicodeError`` with a reason code for UTF-16 or non-UTF-8 bytes.
    """
    notes: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 3 and raw[1:2] == b"\x00"):
        raise UnicodeError("utf16")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append("bom")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnicodeError("not-utf8", exc.start) from exc
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("crlf")
    normalised = nfc(text)
    if normalised != text:
        notes.append("nfd")
    return normalised, notes
