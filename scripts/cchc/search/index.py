"""Site search: the search records of pages and the sharded static index for ``search.js``.

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

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from cchc.core.text import nfc
from cchc.posts.model import Post
from cchc.search.postings import Postings, gaps
from cchc.search.terms import Terms, idf, read_terms, weight
from cchc.search.text import plain_text

# ``plain_text`` (text.py), ``idf`` and ``weight`` (terms.py) are re-exported for callers
# that use this module as the ``search`` namespace (build/pipeline.py, tests).
__all__ = [
    "DOCS_PER_FILE",
    "EXCERPT_CHARS",
    "SMALL_DF",
    "IndexBuilder",
    "SearchDoc",
    "build_index",
    "doc_from_post",
    "doc_from_text",
    "idf",
    "pair_bucket",
    "plain_text",
    "weight",
]

INDEX_DIR = "search"
VOCABULARY = f"{INDEX_DIR}/index.json"
FORMAT_VERSION = 2

EXCERPT_CHARS = 3000  # plain text kept per document for result excerpts

PAIRS_PER_BUCKET = 64  # adjacent-word pairs per file of search/p/ (on average)
MAX_PAIR_BUCKETS = 8192
SMALL_DF = 4  # keys in at most this many documents share group files (search/t/_g<n>.json)
KEYS_PER_GROUP = 64  # rare keys per group file (on average)
DOCS_PER_FILE = 16  # document records per search/d/ file

_SAFE_KEY_RE = re.compile(r"^[a-z0-9]{1,64}$")

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


def _body_terms(doc: SearchDoc) -> Terms:
    cached = read_terms(doc.body_terms) if doc.body_terms is not None else None
    if cached is None:
        return Terms.of(doc.text)
    return Terms.of(doc.around) + cached if doc.around else cached


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _record(doc: SearchDoc) -> dict[str, str]:
    record = {"t": doc.title, "u": doc.url, "k": doc.kind}
    if doc.date:
        record["d"] = doc.date
    return record


class IndexBuilder:
    """The search index, built from batches of documents as they become known.

    Documents are numbered in the order of their batches and by URL within a batch (a
    URL seen in an earlier batch is skipped), so the same content always gives the same
    bytes. The build adds the posts first, while MkDocs is still reading the other pages,
    then those pages. Only a document's record and excerpt are kept, not its whole text.
    """

    def __init__(self) -> None:
        self._postings = Postings()
        self._records: list[dict[str, str]] = []
        self._excerpts: list[bytes] = []  # UTF-8, as written (smaller than str)
        self._urls: set[str] = set()

    def add_all(self, docs: Iterable[SearchDoc]) -> None:
        """Add a batch of documents (numbered by URL; the last of two with one URL counts)."""
        batch = {d.url: d for d in docs}
        self.add_in_order(batch[url] for url in sorted(batch))

    def add_in_order(self, docs: Iterable[SearchDoc]) -> None:
        """Add a batch already in URL order, one document at a time, so that post texts
        are never all in memory. The same index as ``add_all`` of the same documents."""
        previous: str | None = None
        for doc in docs:
            if previous is not None and doc.url <= previous:
                raise ValueError(f"search documents out of URL order: {doc.url!r} after {previous!r}")
            previous = doc.url
            if doc.url in self._urls:
                continue
            self._postings.add(doc.title, _body_terms(doc))
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
    index: Postings, records: Sequence[dict[str, str]], excerpts: Sequence[bytes]
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
        by_bucket.setdefault(pair_bucket(pair, buckets), {})[pair] = gaps(numbers)
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
