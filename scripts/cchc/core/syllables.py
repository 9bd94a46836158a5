"""Whether a word is a possible Vietnamese syllable: onset, rhyme, one tone, spelling rules.

``cchc.core.legacy`` uses it to tell text pasted from an old font (``héi``, ``nh©n``: not
syllables, but ``hội``, ``nhân`` once decoded) from Unicode Vietnamese and from other
languages (``café``, ``schön``: neither reading is a syllable). The rules are the spelling
of the standard: the finals each nucleus takes, ``c``/``k``, ``g``/``gh``, ``ng``/``ngh``
before front vowels, and only sắc or nặng on a syllable ending in ``c``, ``ch``, ``p``, ``t``.
"""

from __future__ import annotations

import re
import unicodedata

TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng


_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_OPEN = (
    "oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|uyu|uya|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa"
)
# Each nucleus with the finals it takes ("" : none); "*": it needs one.
_CODAS = {
    "a": " c ch m n ng nh p t",
    "ă": "* c m n ng p t",
    "â": "* c m n ng p t",
    "e": " c m n ng p t",
    "ê": " ch nh m n p t",
    "i": " ch nh m n p t",
    "o": " c m n ng p t",
    "ô": " c m n ng p t",
    "ơ": " m n p t",
    "u": " c m n ng p t",
    "ư": " c m ng t",
    "y": "",
    "oa": " c ch m n ng nh p t",
    "oă": "* c m n ng t",
    "oe": " n t",
    "uâ": "* n ng t",
    "uê": " ch nh",
    "uy": " ch nh n p t",
    "uơ": "",
    "iê": "* c m n ng p t",
    "yê": "* m n ng t",
    "uô": "* c m n ng t",
    "ươ": "* c m n ng p t",
    "uyê": "* n t",
}
_SYLLABLE_RE = re.compile(
    rf"^(?P<onset>{_ONSET})?(?:(?P<open>{_OPEN})|(?P<nucleus>uyê|oă|oa|oe|uâ|uê|uy|uơ|uô|ươ|iê|yê|[aăâeêioôơuưy])"
    r"(?P<coda>ch|ng|nh|c|m|n|p|t)?)$"
)
_FRONT = ("e", "ê", "i", "y")


def is_syllable(word: str) -> bool:
    """Whether ``word`` is a possible Vietnamese syllable (spelling rules, one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    if bare in ("gi", "gin", "gim", "git", "gip", "gich", "ginh"):
        return True
    match = _SYLLABLE_RE.match(bare)
    if not match:
        return False
    onset, coda = match.group("onset") or "", match.group("coda") or ""
    rhyme = match.group("open") or match.group("nucleus")
    if match.group("nucleus"):
        allowed = _CODAS[rhyme].split(" ")
        if coda not in allowed[1:] and (coda or allowed[0] == "*"):
            return False
    if onset in ("c", "g", "ng") and rhyme.startswith(_FRONT):
        return False
    if onset in ("k", "gh", "ngh") and not rhyme.startswith(_FRONT):
        return False
    if onset == "qu" and rhyme.startswith(("u", "ư", "o")):
        return False
    return not (coda in ("c", "ch", "p", "t") and tones and tones[0] not in ("\u0301", "\u0323"))
