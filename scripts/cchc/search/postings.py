"""Postings of the search index: per-term document numbers and BM25 weights, kept in arrays."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence

from cchc.search.terms import K1, TITLE_BONUS, WEIGHT_SCALE, B, Terms, idf, pairs_of, term_counts, tokens


def gaps(numbers: Sequence[int]) -> list[int]:
    """Ascending document numbers as gaps: [3, 4, 9] -> [3, 1, 5]."""
    return [n - previous for previous, n in zip([0, *numbers], numbers, strict=False)]


class Postings:
    """Postings of every (folded key, spelling) pair, kept compact while documents stream in.

    Per document only integer triples (term, body count, in title) are kept until the
    collection's statistics (document frequencies, average length) are known; then each
    term gets two integer arrays (document numbers, weights). Pairs of adjacent words go
    straight into one list of document numbers per pair.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.per_doc: list[array[int] | None] = []
        self.lengths: list[int] = []
        self.df: Counter[str] = Counter()
        self.pair_docs: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))

    def add(self, title_text: str, terms: Terms) -> None:
        """Add the next document: its title and the ``Terms`` of its text."""
        number = len(self.per_doc)
        title_tokens = tokens(title_text)
        title = term_counts(t for t in title_tokens if t)
        body = terms.counts
        entries = array("i")
        term_ids = self.term_ids
        both = title.keys() | body.keys()
        for term in both:
            term_id = term_ids.setdefault(term, len(term_ids))
            entries.extend((term_id, body.get(term, 0), term in title))
        self.per_doc.append(entries)
        self.lengths.append(terms.length)
        self.df.update({term.partition("\t")[0] for term in both})
        pair_docs = self.pair_docs
        for pair in pairs_of(title_tokens) | terms.pairs:
            pair_docs[pair].append(number)

    def weighted(self) -> Shards:
        """Every term's documents and weights (frees the per-document data)."""
        total = len(self.per_doc)
        avg_length = sum(self.lengths) / total if total else 0.0
        idfs = {key: idf(n, total) for key, n in self.df.items()}
        terms = [term.partition("\t")[::2] for term in self.term_ids]
        term_idf = [idfs[key] for key, _ in terms]
        docs: list[array[int]] = [array("i") for _ in terms]
        weights: list[array[int]] = [array("i") for _ in terms]
        k1_plus_1 = K1 + 1
        for number, entries in enumerate(self.per_doc):
            assert entries is not None
            length = self.lengths[number]
            norm = K1 * (1 - B + B * length / avg_length) if avg_length else K1
            for i in range(0, len(entries), 3):
                # weight(), inlined (the same floats, tested): it runs once per posting.
                term_id, tf, in_title = entries[i], entries[i + 1], entries[i + 2]
                saturated = tf * k1_plus_1 / (tf + norm) if tf else 0.0
                w = round(term_idf[term_id] * (saturated + (TITLE_BONUS if in_title else 0.0)) * WEIGHT_SCALE)
                docs[term_id].append(number)
                weights[term_id].append(max(1, w) * 2 + in_title)
            self.per_doc[number] = None
        variants: dict[str, list[tuple[str, int]]] = {}
        for term_id, (key, variant) in enumerate(terms):
            variants.setdefault(key, []).append((variant, term_id))
        return Shards(variants, docs, weights)


class Shards:
    """The postings of each folded key, made into a shard's content one key at a time."""

    def __init__(
        self, variants: dict[str, list[tuple[str, int]]], docs: list[array[int]], weights: list[array[int]]
    ) -> None:
        self.variants = variants
        self._docs: list[array[int] | None] = list(docs)
        self._weights = weights

    def keys(self) -> list[str]:
        return sorted(self.variants)

    def take(self, key: str) -> dict[str, list[int]]:
        """``{spelling: [doc gaps…, weights…]}`` of ``key`` (once: its arrays are freed)."""
        content: dict[str, list[int]] = {}
        for variant, term_id in self.variants[key]:
            numbers = self._docs[term_id]
            assert numbers is not None
            content[variant] = gaps(numbers) + list(self._weights[term_id])
            self._docs[term_id] = None
            self._weights[term_id] = array("i")
        return content
