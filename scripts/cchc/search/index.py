"""Site search: plain text of every page, and a sharded static index for ``search.js``.

Build time only; the browser never downloads more than a query needs:

- ``search/index.json`` — the vocabulary: every folded key (``text.fold``) with its
  document frequency, so the client knows which shard files exist and can complete the
  last, partly typed query word.
- ``search/t/<key>.json`` — one shard per folded key (keys in at most ``SMALL_DF``
  documents, mostly numbers and names, share ``search/t/_g<n>.json`` files, hashed like
  the pairs: one file per rare key would be most of the site's files). Postings are split by spelling
  variant (``text.exact_key``), so a query typed with diacritics can rank the exact
  spelling (``dùng``) above words that only fold the same (``dựng``). Each posting is a
  document number and a precomputed BM25 weight (title matches boosted), times two plus
  one when the word is in the title.
- ``search/p/<bucket>.json`` — documents where two words stand next to each other
  ("khai sinh"), hashed into buckets; used to rank phrases first.
- ``search/d/<n>.json`` — title, URL, kind and date of ``DOCS_PER_FILE`` documents
  (document ``i`` is item ``i % DOCS_PER_FILE`` of file ``i // DOCS_PER_FILE``), fetched for
  the results on screen; ``search/x/<i>.txt`` — the plain text (trimmed) of document ``i``,
  fetched for the excerpts once the user stops typing.

Everything is deterministic (documents ordered by URL, keys sorted), so two builds of
the same content are byte-identical. ``docs-dev/search.md`` explains the choices.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import lxml.html
from lxml import etree

from cchc.core.text import exact_key, fold, nfc
from cchc.posts.model import Post

INDEX_DIR = "search"
VOCABULARY = f"{INDEX_DIR}/index.json"
FORMAT_VERSION = 2

# BM25 parameters, and how much a title match adds (in units of a saturated body match).
K1 = 1.2
B = 0.75
TITLE_BONUS = 2.0
WEIGHT_SCALE = 10  # weights are stored as integers: round(score * WEIGHT_SCALE)
EXCERPT_CHARS = 3000  # plain text kept per document for result excerpts

PAIRS_PER_BUCKET = 64  # adjacent-word pairs per file of search/p/ (on average)
MAX_PAIR_BUCKETS = 8192
SMALL_DF = 4  # keys in at most this many documents share group files (search/t/_g<n>.json)
KEYS_PER_GROUP = 64  # rare keys per group file (on average)
DOCS_PER_FILE = 16  # document records per search/d/ file

_SAFE_KEY_RE = re.compile(r"^[a-z0-9]{1,64}$")
_CLAUSE_CHARS = r"[.,;:!?()\[\]{}«»\"“”‘’…–—|\n]"
# A word (text.words' pattern, captured) or a clause break (matched, not captured: "").
_TOKEN_OR_BREAK_RE = re.compile(r"([^\W_]+)|" + _CLAUSE_CHARS)
_SPACE_RE = re.compile(r"\s+")

KINDS = ("post", "procedure", "page")


@dataclass(frozen=True)
class SearchDoc:
    """One searchable page: site-relative URL, title and plain text (all NFC).

    ``body_terms`` optionally loads the ``Terms.to_bytes()`` of the post body (made when
    the body was rendered, ``render.py``); then ``around`` is the rest of ``text``
    (date line, document boxes, footer, tags) and only that is tokenised again.
    """

    url: str
    title: str
    text: str
    kind: str  # "post", "procedure" or "page"
    date: str = ""  # ISO date of a post, else ""
    around: str = field(default="", compare=False)
    body_terms: Callable[[], bytes] | None = field(default=None, compare=False)


# --- plain text from rendered page content -----------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements whose text is never searched: code that is not prose, decoration, controls,
# navigation (breadcrumbs, pagers, the post's tag list: tags are added from the record).
_SKIP_TAGS = _names("script style template svg button noscript iframe object nav h1")
# Classes of generated chrome inside the content: heading permalinks, the post meta line,
# the print button, lists of posts (the home page's latest news), print-only headers.
_SKIP_CLASSES = _names("headerlink cchc-meta cchc-actions cchc-preview-note cchc-list tthc-print-only")
_BLOCK_TAGS = _names(
    "address article aside blockquote dd details div dl dt figcaption figure footer h2 h3 h4 h5 h6 "
    "header li main ol p pre section summary table td th tr ul"
)


def _skipped(element: etree._Element) -> bool:
    """Whether a subtree is chrome, hidden or marked out of search (``_SKIP_*``)."""
    if element.tag in _SKIP_TAGS:
        return True
    attrs = element.attrib
    if "hidden" in attrs or "data-search-exclude" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if attrs.get("type") == "application/ld+json":
        return True
    return bool(_SKIP_CLASSES.intersection((attrs.get("class") or "").split()))


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        if not isinstance(child.tag, str):  # comments and processing instructions
            pass
        elif child.tag == "br":
            parts.append(" ")
        elif not _skipped(child):
            block = child.tag in _BLOCK_TAGS
            if block:
                parts.append("\n")
            if child.text:
                parts.append(child.text)
            _collect(child, parts)
            if block:
                parts.append("\n")
        if child.tail:
            parts.append(child.tail)


def plain_text(html: str) -> str:
    """The searchable prose of rendered page content, as one NFC line of text.

    Skipped: the ``<h1>`` (the title is indexed on its own), heading permalinks (``¶``),
    scripts (JSON-LD included), styles, SVG, buttons, ``<nav>``, hidden elements, the post
    meta line, print-only blocks and anything marked ``data-search-exclude``. Parsed with
    lxml (about twice as fast as ``html.parser`` on every page of every build).
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts = [root.text or ""]
    _collect(root, parts)
    return nfc(_SPACE_RE.sub(" ", "".join(parts)).strip())


def doc_from_text(url: str, title: str, text: str, kind: str) -> SearchDoc:
    """The search record of a page that is not a post, from its plain text."""
    return SearchDoc(url, nfc(" ".join(title.split())), text, kind)


def doc_from_post(url: str, post: Post, text: str, terms: Callable[[], bytes] | None = None) -> SearchDoc:
    """The search record of a post page from the plain text of its rendered content
    (``plain_text``, made once when the page was rendered) and, if cached, a loader of
    that text's ``Terms``: then only the tag line is tokenised again."""
    doc = _post_doc(url, post, text)
    if terms is None:
        return doc
    return replace(doc, around=_tags_text(post), body_terms=terms)


def _tags_text(post: Post) -> str:
    return "Chủ đề: " + ", ".join(post.tags) + "." if post.tags else ""


def _post_doc(url: str, post: Post, text: str) -> SearchDoc:
    if post.tags:
        text += " " + _tags_text(post)
    return SearchDoc(url, post.title, text.strip(), "post", post.date.date().isoformat())


# --- index building ------------------------------------------------------------------------


def shard_path(key: str, position: int) -> str:
    """File name of a folded key's shard; keys that are not plain ASCII go by position."""
    name = key if _SAFE_KEY_RE.match(key) else f"_{position}"
    return f"{INDEX_DIR}/t/{name}.json"


def pair_path(bucket: int) -> str:
    return f"{INDEX_DIR}/p/{bucket}.json"


def group_path(group: int) -> str:
    return f"{INDEX_DIR}/t/_g{group}.json"


def doc_path(number: int) -> str:
    """The file holding document ``number``'s record (``DOCS_PER_FILE`` records a file)."""
    return f"{INDEX_DIR}/d/{number // DOCS_PER_FILE}.json"


def text_path(number: int) -> str:
    return f"{INDEX_DIR}/x/{number}.txt"


def trim(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + " …"


@functools.lru_cache(maxsize=65536)
def _term(token: str) -> str:
    """A token's index term: its folded key and spelling key, ``"dung\tdưng:j"``."""
    return sys.intern(f"{fold(token)}\t{exact_key(token)}")


@functools.lru_cache(maxsize=65536)
def _folded(token: str) -> str:
    return sys.intern(fold(token)) if token else ""


def _count(tokens: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for token, n in Counter(tokens).items():
        counts[_term(token)] += n
    return counts


@dataclass(frozen=True)
class Terms:
    """What the index needs of a text: token counts by term (``_term``), the number of
    tokens, and the pairs of adjacent folded words, ``"khai sinh"`` (not across punctuation).

    Plain strings throughout, so that a cached copy loads with one ``json.loads``."""

    counts: Mapping[str, int]
    length: int
    pairs: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Terms:
        tokens = _tokens(text)
        words = [token for token in tokens if token]
        return cls(_count(words), len(words), frozenset(pairs_of(tokens)))

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


def _body_terms(doc: SearchDoc) -> Terms:
    cached = read_terms(doc.body_terms) if doc.body_terms is not None else None
    if cached is None:
        return Terms.of(doc.text)
    return Terms.of(doc.around) + cached if doc.around else cached


def _tokens(text: str) -> list[str]:
    """The words of ``text`` in order, with ``""`` at every clause break (see ``pairs``)."""
    return _TOKEN_OR_BREAK_RE.findall(nfc(text))


def pairs_of(tokens: Sequence[str]) -> set[str]:
    """Adjacent folded words of ``_tokens`` output (``""`` marks a clause break)."""
    keys = [_folded(token) for token in tokens]
    adjacent = set(zip(keys, keys[1:], strict=False))  # noqa: RUF007 (faster than pairwise)
    return {f"{a} {b}" for a, b in adjacent if a and b}


def pairs(text: str) -> set[str]:
    """Folded pairs of adjacent words ("Thủ tục khai sinh" -> "thu tuc", "tuc khai", "khai sinh").

    Vietnamese writes one syllable per word, so most terms (khai sinh, lý lịch tư pháp) are
    runs of words; a document that has the query's words next to each other ranks higher.
    Words on both sides of clause punctuation (. , ; : ? ! brackets, quotes, dashes) are
    not adjacent.
    """
    return pairs_of(_tokens(text))


def pair_bucket(pair: str, buckets: int) -> int:
    """FNV-1a (32 bit) of the UTF-8 pair, modulo ``buckets``; search.js computes the same."""
    value = 0x811C9DC5
    for byte in pair.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def pair_buckets(distinct_pairs: int, per_bucket: int = PAIRS_PER_BUCKET) -> int:
    """Enough buckets for about ``per_bucket`` items each (a power of two)."""
    buckets = 1
    while buckets * per_bucket < distinct_pairs and buckets < MAX_PAIR_BUCKETS:
        buckets *= 2
    return buckets


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def weight(tf_body: int, in_title: bool, length: int, avg_length: float, key_idf: float) -> int:
    """BM25 weight of one term in one document, plus a title bonus, as a positive integer."""
    norm = K1 * (1 - B + B * length / avg_length) if avg_length else K1
    saturated = tf_body * (K1 + 1) / (tf_body + norm) if tf_body else 0.0
    score = key_idf * (saturated + (TITLE_BONUS if in_title else 0.0))
    return max(1, round(score * WEIGHT_SCALE))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _gaps(numbers: Sequence[int]) -> list[int]:
    """Ascending document numbers as gaps: [3, 4, 9] -> [3, 1, 5]."""
    return [n - previous for previous, n in zip([0, *numbers], numbers, strict=False)]


def _record(doc: SearchDoc) -> dict[str, str]:
    record = {"t": doc.title, "u": doc.url, "k": doc.kind}
    if doc.date:
        record["d"] = doc.date
    return record


class _Postings:
    """Postings of every (folded key, spelling) pair, kept compact while documents stream in.

    Per document only integer triples (term, body count, in title) are kept until the
    collection's statistics (document frequencies, average length) are known; then each
    term gets two integer arrays (document numbers, weights). Pairs of adjacent words go
    straight into one list of document numbers per pair. At 5 000 posts this holds the
    index in ~85 MB where dictionaries of tuples took ~370 MB.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.per_doc: list[array[int] | None] = []
        self.lengths: list[int] = []
        self.df: Counter[str] = Counter()
        self.pair_docs: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))

    def add(self, doc: SearchDoc) -> None:
        number = len(self.per_doc)
        title_tokens = _tokens(doc.title)
        title = _count(t for t in title_tokens if t)
        terms = _body_terms(doc)
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

    def weighted(self) -> _Shards:
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
                # weight(), inlined: ~700 000 calls at 5 000 posts (the same floats, tested).
                term_id, tf, in_title = entries[i], entries[i + 1], entries[i + 2]
                saturated = tf * k1_plus_1 / (tf + norm) if tf else 0.0
                w = round(term_idf[term_id] * (saturated + (TITLE_BONUS if in_title else 0.0)) * WEIGHT_SCALE)
                docs[term_id].append(number)
                weights[term_id].append(max(1, w) * 2 + in_title)
            self.per_doc[number] = None
        variants: dict[str, list[tuple[str, int]]] = {}
        for term_id, (key, variant) in enumerate(terms):
            variants.setdefault(key, []).append((variant, term_id))
        return _Shards(variants, docs, weights)


class _Shards:
    """The postings of each folded key, made into a shard's content one key at a time
    (lists of Python integers for every key at once took ~10 MB more at 5 000 posts)."""

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
            content[variant] = _gaps(numbers) + list(self._weights[term_id])
            self._docs[term_id] = None
            self._weights[term_id] = array("i")
        return content


class IndexBuilder:
    """The search index, built from batches of documents as they become known.

    Documents are numbered in the order of their batches and by URL within a batch (a
    URL seen in an earlier batch is skipped), so the same content always gives the same
    bytes. The build adds the posts first, while MkDocs is still reading the other pages,
    then those pages. Only a document's record and excerpt are kept, not its whole text.
    """

    def __init__(self) -> None:
        self._postings = _Postings()
        self._records: list[dict[str, str]] = []
        self._excerpts: list[bytes] = []  # UTF-8, as written: 3 000 characters take ~4 KB, not 6
        self._urls: set[str] = set()

    def add_all(self, docs: Iterable[SearchDoc]) -> None:
        """Add a batch of documents (numbered by URL; the last of two with one URL counts)."""
        batch = {d.url: d for d in docs}
        self.add_in_order(batch[url] for url in sorted(batch))

    def add_in_order(self, docs: Iterable[SearchDoc]) -> None:
        """Add a batch already in URL order, one document at a time: thousands of post
        texts are never all in memory (~100 MB at 5 000 posts). The same index as
        ``add_all`` of the same documents."""
        previous: str | None = None
        for doc in docs:
            if previous is not None and doc.url <= previous:
                raise ValueError(f"search documents out of URL order: {doc.url!r} after {previous!r}")
            previous = doc.url
            if doc.url in self._urls:
                continue
            self._postings.add(doc)
            self._records.append(_record(doc))
            self._excerpts.append(trim(doc.text).encode())
            self._urls.add(doc.url)

    def files(self) -> dict[str, bytes]:
        """Every search index file, as ``{site-relative path: bytes}`` (see module docstring)."""
        return _index_files(self._postings, self._records, self._excerpts)


def build_index(docs: Iterable[SearchDoc]) -> dict[str, bytes]:
    """Every search index file of ``docs`` (one batch: numbered in URL order)."""
    builder = IndexBuilder()
    builder.add_all(docs)
    return builder.files()


def _index_files(
    index: _Postings, records: Sequence[dict[str, str]], excerpts: Sequence[bytes]
) -> dict[str, bytes]:
    total = len(records)
    df = index.df
    shards = index.weighted()
    keys = shards.keys()
    files: dict[str, bytes] = {}
    special: dict[str, str] = {}
    groups = pair_buckets(sum(1 for k in keys if df[k] <= SMALL_DF), KEYS_PER_GROUP)
    grouped: dict[int, dict[str, dict[str, list[int]]]] = {}
    for position, key in enumerate(keys):
        content = shards.take(key)
        if df[key] <= SMALL_DF:
            grouped.setdefault(pair_bucket(key, groups), {})[key] = content
            continue
        path = shard_path(key, position)
        if not _SAFE_KEY_RE.match(key):
            special[key] = path.rsplit("/", 1)[1].removesuffix(".json")
        files[path] = _json(content)
    for group, content in grouped.items():
        files[group_path(group)] = _json(content)
    pair_docs = index.pair_docs
    buckets = pair_buckets(len(pair_docs))
    by_bucket: dict[int, dict[str, list[int]]] = {bucket: {} for bucket in range(buckets)}
    for pair, numbers in pair_docs.items():
        by_bucket.setdefault(pair_bucket(pair, buckets), {})[pair] = _gaps(numbers)
    for bucket, content in by_bucket.items():
        files[pair_path(bucket)] = _json(content)
    for start in range(0, total, DOCS_PER_FILE):
        files[doc_path(start)] = _json(list(records[start : start + DOCS_PER_FILE]))
    for number, excerpt in enumerate(excerpts):
        files[text_path(number)] = excerpt
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    vocabulary = {
        "version": FORMAT_VERSION,
        "build": digest.hexdigest()[:12],
        "docs": total,
        "keys": keys,
        "df": [df[k] for k in keys],
        "files": special,
        "buckets": buckets,
        "small": SMALL_DF,
        "groups": groups,
        "per_file": DOCS_PER_FILE,
    }
    files[VOCABULARY] = _json(vocabulary)
    return dict(sorted(files.items()))
