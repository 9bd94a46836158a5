"""Index terms of a text: tokens, folded and spelling keys, adjacent-word pairs, BM25 weights."""

from __future__ import annotations

import functools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cchc.core.text import exact_key, fold, nfc

# BM25 parameters, and how much a title match adds (in units of a saturated body match).
K1 = 1.2
B = 0.75
TITLE_BONUS = 2.0
WEIGHT_SCALE = 10  # weights are stored as integers: round(score * WEIGHT_SCALE)

_CLAUSE_CHARS = r"[.,;:!?()\[\]{}«»\"“”‘’…–—|\n]"
# A word (text.words' pattern, captured) or a clause break (matched, not captured: "").
_TOKEN_OR_BREAK_RE = re.compile(r"([^\W_]+)|" + _CLAUSE_CHARS)


@functools.lru_cache(maxsize=65536)
def _term(token: str) -> str:
    """A token's index term: its folded key and spelling key, ``"dung\tdưng:j"``."""
    return sys.intern(f"{fold(token)}\t{exact_key(token)}")


@functools.lru_cache(maxsize=65536)
def _folded(token: str) -> str:
    return sys.intern(fold(token)) if token else ""


def term_counts(tokens: Iterable[str]) -> Counter[str]:
    """How often each index term (folded key and spelling key) occurs among ``tokens``."""
    counts: Counter[str] = Counter()
    for token, n in Counter(tokens).items():
        counts[_term(token)] += n
    return counts


def tokens(text: str) -> list[str]:
    """The words of ``text`` in order, with ``""`` at every clause break (see ``pairs``)."""
    return _TOKEN_OR_BREAK_RE.findall(nfc(text))


@dataclass(frozen=True)
class Terms:
    """What the index needs of a text: token counts by term (``term_counts``), the number of
    tokens, and the pairs of adjacent folded words, ``"khai sinh"`` (not across punctuation).

    Plain strings throughout, so that a cached copy loads with one ``json.loads``."""

    counts: Mapping[str, int]
    length: int
    pairs: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Terms:
        found = tokens(text)
        words = [token for token in found if token]
        return cls(term_counts(words), len(words), frozenset(pairs_of(found)))

    def __add__(self, other: Terms) -> Terms:
        counts = Counter(self.counts)
        counts.update(other.counts)
        return Terms(counts, self.length + other.length, self.pairs | other.pairs)

    def to_bytes(self) -> bytes:
        data = {"counts": self.counts, "length": self.length, "pairs": sorted(self.pairs)}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Terms:
        raw = json.loads(data)
        return cls(raw["counts"], raw["length"], frozenset(raw["pairs"]))


def read_terms(load: Callable[[], bytes]) -> Terms | None:
    """``Terms`` from cached bytes (``render.py``); ``None`` if they cannot be read."""
    try:
        return Terms.from_bytes(load())
    except (OSError, RuntimeError, ValueError, KeyError, TypeError):
        return None


def pairs_of(found: Sequence[str]) -> set[str]:
    """Adjacent folded words of ``tokens`` output (``""`` marks a clause break)."""
    keys = [_folded(token) for token in found]
    adjacent = set(zip(keys, keys[1:], strict=False))  # noqa: RUF007 (faster than pairwise)
    return {f"{a} {b}" for a, b in adjacent if a and b}


def pairs(text: str) -> set[str]:
    """Folded pairs of adjacent words ("Thủ tục khai sinh" -> "thu tuc", "tuc khai", "khai sinh").

    Vietnamese writes one syllable per word, so most terms (khai sinh, lý lịch tư pháp) are
    runs of words; a document that has the query's words next to each other ranks higher.
    Words on both sides of clause punctuation (. , ; : ? ! brackets, quotes, dashes) are
    not adjacent.
    """
    return pairs_of(tokens(text))


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def weight(tf_body: int, in_title: bool, length: int, avg_length: float, key_idf: float) -> int:
    """BM25 weight of one term in one document, plus a title bonus, as a positive integer."""
    norm = K1 * (1 - B + B * length / avg_length) if avg_length else K1
    saturated = tf_body * (K1 + 1) / (tf_body + norm) if tf_body else 0.0
    score = key_idf * (saturated + (TITLE_BONUS if in_title else 0.0))
    return max(1, round(score * WEIGHT_SCALE))
