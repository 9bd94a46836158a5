"""The TCVN3 (ABC) and VNI-Windows layouts: every Vietnamese letter and its legacy spelling.

A Word document typed in ``.VnTime`` (TCVN3) or ``VNI-Times`` stores one byte per glyph;
copied out of Word, each byte arrives as the Windows-1252 / Latin-1 character of the same
code. The tables are the complete published layouts (TCVN 5712:1993 VN3: one code per
lower-case letter and seven capitals; VNI-Windows: a base letter and one mark byte, both
cases), built from the 134 letters, so that ``encode`` and ``decode`` are exact inverses.
Detection is ``cchc.core.legacy``.
"""

from __future__ import annotations

import re
import unicodedata

from cchc.core.syllables import TONES as _TONES

TCVN3 = "TCVN3"
VNI = "VNI"

_VOWELS = "aăâeêioôơuưy"

# --- TCVN3 (ABC): one byte per letter, lower case only (plus seven capitals) -------------

# The codes of each vowel: no tone, then sắc, huyền, hỏi, ngã, nặng (None: the plain ASCII letter).
_TCVN3_CODES: dict[str, tuple[int | None, int, int, int, int, int]] = {
    "a": (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def _tcvn3_table() -> dict[str, str]:
    """Legacy character (as pasted: Latin-1) -> Unicode letter."""
    table = {chr(code): letter for letter, code in _TCVN3_CAPITALS.items()}
    table["\xae"] = "đ"
    for vowel, codes in _TCVN3_CODES.items():
        for tone, code in zip(("", *_TONES), codes, strict=True):
            if code is not None:
                table[chr(code)] = unicodedata.normalize("NFC", vowel + tone)
    return table


TCVN3_TO_UNICODE = _tcvn3_table()
UNICODE_TO_TCVN3 = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}

# --- VNI-Windows: a base letter followed by one mark byte -----------------------------

_VNI_TONE = dict(zip(_TONES, "ùøûõï", strict=True))
_VNI_CIRCUMFLEX = dict(zip(("", *_TONES), "âáàåãä", strict=True))
_VNI_BREVE = dict(zip(("", *_TONES), "êéèúüë", strict=True))
_VNI_I = dict(zip(("", *_TONES), ["i", "í", "ì", "æ", "ó", "ò"], strict=True))


def _vni_lower(letter: str) -> str:
    """The VNI spelling of one lower-case Vietnamese letter (``ấ`` -> ``aá``)."""
    if letter == "đ":
        return "ñ"
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((m for m in marks if m in _TONES), "")
    shape = next((m for m in marks if m not in _TONES), "")
    if base == "i":
        return _VNI_I[tone]
    if shape == "\u0302":  # circumflex: â ê ô
        return base + _VNI_CIRCUMFLEX[tone]
    if shape == "\u0306":  # breve: ă
        return base + _VNI_BREVE[tone]
    if shape == "\u031b":  # horn: ơ ư
        head = "ô" if base == "o" else "ö"
        return head + (_VNI_TONE[tone] if tone else "")
    if base == "y" and tone == "\u0323":
        return "î"
    return base + (_VNI_TONE[tone] if tone else "")


def _all_letters() -> list[str]:
    letters = ["đ"]
    for vowel in _VOWELS:
        letters += [unicodedata.normalize("NFC", vowel + tone) for tone in ("", *_TONES)]
    return letters


LETTERS = tuple(_all_letters())  # the 67 lower-case letters with a mark (and the plain vowels)
UNICODE_TO_VNI = {
    **{letter: _vni_lower(letter) for letter in LETTERS if _vni_lower(letter) != letter},
    **{letter.upper(): _vni_lower(letter).upper() for letter in LETTERS if _vni_lower(letter) != letter},
}
VNI_TO_UNICODE = {code: letter for letter, code in UNICODE_TO_VNI.items()}
_VNI_LONGEST = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))


# --- encoding (what Word pastes) and decoding -------------------------------------------


def encode(text: str, encoding: str, *, capitals_font: bool = False) -> str:
    """``text`` as it is pasted out of a document in the legacy font ``encoding``.

    TCVN3 has codes for seven capitals only (Ă Â Ê Ô Ơ Ư Đ); the other capitals with a mark
    are typed in an upper-case font (``.VnTimeH``), which stores the lower-case codes.
    ``capitals_font``: the whole text is typed in such a font (the seven capitals too).
    VNI has both cases.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        if encoding == VNI:
            out.append(UNICODE_TO_VNI.get(char, char))
        elif char in UNICODE_TO_TCVN3 and not (capitals_font and char in _TCVN3_CAPITALS):
            out.append(UNICODE_TO_TCVN3[char])
        elif char != char.lower() and char.lower() in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[char.lower()])
        else:
            out.append(char)
    return "".join(out)


def decode_tcvn3_word(word: str, upper: bool) -> str:
    out = []
    for char in word:
        letter = TCVN3_TO_UNICODE.get(char)
        if letter is None:
            out.append(char)
        else:
            out.append(letter.upper() if upper and char not in CAPITAL_CODES else letter)
    return "".join(out)


CAPITAL_CODES = frozenset(chr(code) for code in _TCVN3_CAPITALS.values())


def decode_tcvn3_upcased(word: str) -> str:
    """TCVN3 text that Word put in capitals (``Change case``): ``ñ`` became ``Ñ``."""
    out = []
    for char in word:
        lower = char.lower()
        if char != lower and lower in TCVN3_TO_UNICODE and lower not in CAPITAL_CODES:
            out.append(TCVN3_TO_UNICODE[lower].upper())
        else:
            out.append(TCVN3_TO_UNICODE.get(char, char))
    return "".join(out)


def decode_vni(word: str) -> str:
    return _VNI_LONGEST.sub(lambda m: VNI_TO_UNICODE[m.group(0)], word)


def decode(text: str, encoding: str) -> str:
    """Every character of ``text`` read as ``encoding`` (no detection: see ``convert``)."""
    return decode_vni(text) if encoding == VNI else decode_tcvn3_word(text, False)
