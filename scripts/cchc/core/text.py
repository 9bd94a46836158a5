"""Vietnamese text handling: NFC, diacritic folding, search keys, slugs, legacy encodings.

Every other module goes through here, so that a string is treated the same way in
slugs, validation, feeds and the search index.
"""

from __future__ import annotations

import re
import unicodedata

from cchc.core import legacy

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
# Detection and conversion are ``cchc.core.legacy`` (per word and per run of words, so that a
# line mixing Unicode and TCVN3 text is found); these two name what was found.


def legacy_encoding(text: str) -> str | None:
    """Name the legacy Vietnamese encoding ``text`` appears to be pasted from, if any.

    Returns ``"TCVN3"``, ``"VNI"`` or ``None`` (the encoding of most converted words).
    Correct Unicode Vietnamese, English, French or German text is not flagged."""
    found = [item.encoding for line in text.split("\n") for item in legacy.line_conversions(line)]
    return max(sorted(set(found)), key=found.count) if found else None


def find_legacy(text: str) -> tuple[str, int] | None:
    """The first line that looks pasted from TCVN3/VNI: ``(encoding, line number)``."""
    for number, line in enumerate(text.split("\n"), 1):
        found = legacy.line_conversions(line)
        if found:
            return found[0].encoding, number
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


def _looks_utf16(raw: bytes) -> bool:
    return raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 3 and raw[1:2] == b"\x00")


def _cp1252_table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()


def _vietnamese_words(text: str) -> int:
    """How many words with a mark read as Vietnamese syllables: to choose between readings."""
    return sum(legacy.is_syllable(word) for word in words(text) if not word.isascii())


def decode_lenient(raw: bytes) -> tuple[str, str]:
    """Decode a file that ``decode_source`` refuses, to keep checking it: ``(text, encoding)``.

    ``encoding`` names what the file was: ``"UTF-16"``; ``"Windows-1258"`` (its tone marks
    are combining characters: NFC puts them back on their letters); or ``"TCVN3"`` / ``"VNI"``,
    8-bit text saved straight from the old fonts (read as Windows-1252, then converted by
    ``cchc.core.legacy``). The text is NFC with ``\\n`` line endings.
    """
    if _looks_utf16(raw):
        encoding, text = (
            "UTF-16",
            raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le"),
        )
    else:
        pasted = raw.decode("latin-1").translate(_CP1252)  # every byte: Word's view of a legacy font
        readings = [(nfc(raw.decode("cp1258", errors="replace")), "Windows-1258")]
        for line in pasted.split("\n"):
            found = legacy.convert_line(line)[1]
            if found:
                converted = "\n".join(legacy.convert_line(line)[0] for line in pasted.split("\n"))
                readings.append((converted, found))
                break
        text, encoding = max(readings, key=lambda reading: _vietnamese_words(reading[0]))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text), encoding
