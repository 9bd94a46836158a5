"""Text pasted from old Vietnamese fonts (TCVN3 / ABC and VNI-Windows) back to Unicode.

A Word document typed in ``.VnTime`` (TCVN3) or ``VNI-Times`` stores one byte per glyph;
copied out of Word, each byte arrives as the Windows-1252 / Latin-1 character of the same
code: ``Cải cách`` becomes ``C¶i c¸ch`` (TCVN3) or ``Caûi caùch`` (VNI). The complete
layouts are ``cchc.core.legacy_tables`` (``encode``, ``decode``, re-exported here).

Detection works **per word, then per run of words** (``convert``): a word is evidence of a
legacy font when, read as Unicode, it is not a possible Vietnamese syllable but, decoded, it
is one (``héi`` → ``hội``, ``nh©n`` → ``nhân``, ``Vieät`` → ``Việt``). A run (the words of a
line between words that are clearly Unicode) is converted only with enough evidence, so
ordinary Vietnamese (``báo cáo``), English, French and German (``café``, ``Müller``, ``où``)
are left alone, and a line mixing Unicode and legacy text has only its legacy part converted.

Upper case: the ``.VnTimeH`` fonts show the lower-case codes as capitals, so ``ñY BAN`` is
``ỦY BAN``; a decoded letter is upper-cased when its word (or its line) is written in capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cchc.core.legacy_tables import (  # noqa: F401 (encode, decode: the tables' API, re-exported)
    CAPITAL_CODES,
    LETTERS,
    TCVN3,
    TCVN3_TO_UNICODE,
    VNI,
    VNI_TO_UNICODE,
    decode,
    decode_tcvn3_upcased,
    decode_tcvn3_word,
    decode_vni,
    encode,
)
from cchc.core.syllables import is_syllable

# --- detection per word and per run -------------------------------------------------------

# Letters of words, including the TCVN3 codes that are symbols in Latin-1 (¸ µ ¶ · ¹ ¨ © …).
_SYMBOL_CODES = "".join(sorted(c for c in TCVN3_TO_UNICODE if not c.isalpha()))
_WORD_RE = re.compile(rf"(?:[^\W\d_]|[{re.escape(_SYMBOL_CODES)}])+")
# What pasted legacy text can never contain: letters beyond Latin-1 (ă đ ơ ư, ạ…ỹ) and marks.
_UNICODE_ONLY_RE = re.compile("[\u0100-\u024f\u1e00-\u1eff\u0300-\u036f]")
# Words that read as syllables but are not legacy text: French «où» (VNI «ó»), units in µ.
_FOREIGN = frozenset({"où", "µm", "µg", "µl", "µs", "µa", "µv"})
# A VNI letter written as a vowel and its mark byte (``aâ``, ``eä``, ``öù``), which other
# languages do not write, except Spanish and Portuguese «aú» (aún, baúl): left out.
_VNI_PAIR_RE = re.compile("(?i)[aeo][âáàåãäêéèüë]|[aeouyôö][ùøûõï]")
_VOWEL_LETTERS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿ")
_ABBREVIATION_RE = re.compile(r"(?=.{2,5}$)[A-Z]*[§Ñ][A-Z]*")
_LEGACY_CHARS = frozenset(TCVN3_TO_UNICODE) | frozenset("".join(VNI_TO_UNICODE))


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    label: str  # "L" evidence, "A" ambiguous, "U" Unicode, "N" neutral
    weight: int  # evidence: 2 with a symbol code (c¸ch), 1 letters only (tøc)
    decoded: str


def _upper_context(text: str) -> bool:
    """Whether a line is written in capitals (``CéNG HßA X· HéI``)."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 1 or w.isupper()]
    capitals = sum(w.isupper() for w in words)
    return bool(words) and capitals * 5 >= len(words) * 4


def _word_upper(word: str, line_upper: bool) -> bool:
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    if any(c.islower() for c in ascii_letters):
        return False
    if any(c.isupper() for c in ascii_letters[1:]) or any(c.isupper() for c in word[1:] if c.isascii()):
        return True
    return line_upper


def _candidates(word: str, encoding: str, line_upper: bool) -> Iterator[str]:
    if encoding == VNI:
        yield decode_vni(word)
        return
    yield decode_tcvn3_word(word, _word_upper(word, line_upper))
    yield decode_tcvn3_upcased(word)


def _natural(word: str) -> bool:
    """A possible Vietnamese syllable written in a natural case (``Việt``, ``VIỆT``, not ``ViÖt``)."""
    rest = word[1:]
    return is_syllable(word) and (rest.islower() or rest.isupper() or not rest)


@lru_cache(maxsize=1 << 16)
def _suspect(text: str) -> bool:
    """Whether a word may be evidence of a legacy font in some encoding: only evidence
    (label ``L``, ``_judge``) lets a line be converted, and it is never a plain ASCII word,
    a word with a letter only Unicode has, or a natural Vietnamese syllable."""
    return not (
        text.isascii()
        or _UNICODE_ONLY_RE.search(text)
        or not any(c in _LEGACY_CHARS for c in text)
        or _natural(text)
    )


@lru_cache(maxsize=1 << 16)
def _judge(text: str, encoding: str, line_upper: bool) -> tuple[str, int, str]:
    """A word's label, weight and decoded form: a pure function of the word, cached because
    the same few thousand syllables make up every page (the check runs on every line)."""
    if text.isascii():
        return ("N", 0, text)
    if _UNICODE_ONLY_RE.search(text) or not any(c in _LEGACY_CHARS for c in text):
        return ("U", 0, text)
    candidates = [c for c in _candidates(text, encoding, line_upper) if c != text]
    if not candidates:  # the same in both readings (``chính`` in VNI)
        return ("N", 0, text)
    valid = next((c for c in candidates if is_syllable(c)), None)
    if _natural(text):
        return ("A" if valid else "U", 0, valid or text)
    if text.lower() in _FOREIGN:
        return ("N", 0, text)
    if valid and any(c.isalpha() for c in text):
        strong = (
            any(not c.isalpha() or c in "ªºµ" for c in text)  # c¸ch, trªn, vµ: symbols, not letters
            or not (text[1:].islower() or text[1:].isupper())  # huyÖn: a capital inside a word
            or not any(c in _VOWEL_LETTERS for c in text.lower())  # chñ: no vowel, in no language
        )
        strong = strong or (encoding == VNI and bool(_VNI_PAIR_RE.search(text)))  # nhaân, Vieät
        return ("L", 2 if strong else 1, valid)
    if _ABBREVIATION_RE.fullmatch(text) and ("§" in text) == (
        encoding == TCVN3
    ):  # «Q§», «NÑ»: QĐ, NĐ, the letter Đ of TCVN3 or VNI
        return ("L", 2, candidates[0].upper())
    # neither reads as a syllable (a name, «NĐ», a lone symbol): converted only inside a legacy run
    return ("S", 0, valid or candidates[0])


def _counted(word: _Word) -> bool:
    return len(word.text) > 1 and any(c.islower() or not c.isascii() for c in word.text)


def _accepted(run: list[_Word], whole: bool) -> bool:
    """Enough evidence to convert a run.

    With a symbol code or an odd capital (``c¸ch``, ``huyÖn``: no language writes them), two
    points of evidence in a run that reads mostly as Vietnamese. With letters only (``tøc``,
    ``Vieät``, which other languages may spell), the run must read *entirely* as Vietnamese
    once converted, and have two evidence words, or be the whole text (a front-matter value
    such as ``Tin tøc``)."""
    weight = sum(w.weight for w in run)
    counted = [w for w in run if _counted(w)]
    if not counted:
        return False
    valid = sum(is_syllable(w.decoded) or (w.label == "L" and w.decoded.isupper()) for w in counted)
    if weight >= 2 and any(w.weight == 2 for w in run):
        return valid * 2 >= len(counted)
    evidence = sum(w.label == "L" for w in run)
    return valid == len(counted) and (evidence >= 2 or whole or len(counted) >= 3)


@dataclass(frozen=True)
class Conversion:
    """A part of a line converted: where, what was written, what it becomes."""

    encoding: str
    start: int
    end: int
    before: str
    after: str


def _breaks(word: _Word) -> bool:
    """Words that end a run: clearly Unicode, or plain ASCII that is not Vietnamese (markup,
    English, ``href``), so that each run is judged on its own words."""
    return word.label == "U" or (
        word.label == "N" and word.text.isascii() and _counted(word) and not is_syllable(word.text)
    )


def _runs(words: list[_Word]) -> Iterator[tuple[list[_Word], bool, bool]]:
    """The runs of a line, each with whether a Unicode word is next to it on the left, right."""
    run: list[_Word] = []
    left = False
    for word in words:
        if _breaks(word):
            if run:
                yield run, left, word.label == "U"
            run, left = [], word.label == "U"
        else:
            run.append(word)
    if run:
        yield run, left, False


def _convert_run(run: list[_Word], bounded_left: bool, bounded_right: bool) -> list[_Word]:
    """The words of a legacy run to replace: evidence words, symbol words, and ambiguous
    words unless they sit between a Unicode word and the first evidence of the run."""
    evidence = [i for i, w in enumerate(run) if w.label == "L"] or [0, len(run) - 1]
    first, last = evidence[0], evidence[-1]
    chosen = []
    for index, word in enumerate(run):
        if word.label in ("L", "S") or (
            word.label == "A"
            and not (bounded_left and index < first)
            and not (bounded_right and index > last)
        ):
            chosen.append(word)
    return chosen


def _line_conversions(
    line: str, matches: list[re.Match[str]], encoding: str, line_upper: bool, legacy_file: bool
) -> tuple[int, list[Conversion]]:
    judged = [_judge(m.group(0), encoding, line_upper) for m in matches]
    if not legacy_file and not any(label == "L" for label, _, _ in judged):
        return 0, []  # no evidence: no run can be accepted
    words = [_Word(*m.span(), m.group(0), *j) for m, j in zip(matches, judged, strict=True)]
    score, found = 0, []
    for run, left, right in _runs(words):
        whole = len(run) == len(words) and len(run[0].text) > 2
        if legacy_file:  # the whole file is in the old font: «Hé kinh doanh» is «Hộ kinh doanh»
            score += sum(w.weight for w in run) + any(w.label in "LAS" for w in run)
        elif not any(w.label == "L" for w in run) or not _accepted(run, whole):
            continue
        else:
            score += sum(w.weight for w in run)
        found += [
            Conversion(encoding, w.start, w.end, w.text, _sentence_case(line, w))
            for w in _convert_run(run, left, right)
        ]
    return score, found


# Where a sentence starts: the line's start (after a list or heading marker, or a YAML key),
# or after a full stop. A capital with a mark was typed in the capitals font, whose codes are
# the lower-case ones: at the start of a sentence it was a capital.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?…]\s)[\s\-*#>+|\"'(“«]*(?:\d+[.)]\s*)?(?:[\w-]+:\s+)?$")


def _sentence_case(line: str, word: _Word) -> str:
    first = word.text[0]
    if first.isascii() or not word.decoded[:1].islower() or not _SENTENCE_START_RE.search(line[: word.start]):
        return word.decoded
    return word.decoded[0].upper() + word.decoded[1:]


def convert_line(line: str, prefer: str | None = None) -> tuple[str, str | None]:
    """``line`` with its legacy-font runs converted, and the encoding found (or ``None``)."""
    conversions = line_conversions(line, prefer)
    if not conversions:
        return line, None
    out, last = [], 0
    for item in conversions:
        out += [line[last : item.start], item.after]
        last = item.end
    return "".join(out) + line[last:], conversions[0].encoding


def line_conversions(line: str, prefer: str | None = None, *, legacy_file: bool = False) -> list[Conversion]:
    """The conversions of one line, for the encoding with the most evidence; on a tie, the
    encoding ``prefer`` (the one of the rest of the file), else TCVN3 (the more common).

    ``legacy_file``: the whole file is in the font ``prefer`` (``file_encoding``): every word
    that reads as Vietnamese once decoded is converted, even without evidence on its line."""
    if not legacy_file and not any(map(_suspect, _WORD_RE.findall(line))):
        return []  # every word is plain ASCII, clearly Unicode or a Vietnamese syllable
    order = (VNI, TCVN3) if prefer == VNI else (TCVN3, VNI)
    if legacy_file and prefer:
        order = (prefer,)
    matches, line_upper = list(_WORD_RE.finditer(line)), _upper_context(line)
    best: tuple[int, list[Conversion]] = (0, [])
    for encoding in order:
        score, found = _line_conversions(line, matches, encoding, line_upper, legacy_file)
        if score > best[0]:
            best = (score, found)
    return best[1]


def file_encoding(lines: list[str]) -> tuple[str | None, bool]:
    """The legacy encoding most lines of a file are converted from (``None``: none), and
    whether the whole file is in it: three lines of evidence or more, and not one letter that
    only Unicode has (ă đ ơ ư ạ … ỹ) anywhere in the file."""
    found = [c[0].encoding for line in lines if (c := line_conversions(line))]
    if not found:
        return None, False
    encoding = max((TCVN3, VNI), key=found.count)
    return encoding, len(found) >= 3 and not any(_UNICODE_ONLY_RE.search(line) for line in lines)
