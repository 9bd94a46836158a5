"""Markdown rendering of post bodies: once per content, on every core, cached on disk.

Post bodies are the bulk of the build's Markdown work. They are rendered here (with the
site's own Markdown extensions), in a process pool when there are many, together with the
body's plain text and its ``search.Terms`` for the search index, and each result is kept in
one SQLite file (``.cache/render.sqlite3``) under a hash of the body and the Markdown
configuration, so a rebuild after adding one post renders (and tokenises) one post.

One file, not one file per body: creating a file costs ~0.5 ms of system time on the
machines this runs on (1 000 bodies: ~1.5 s of CPU), an SQLite row a few microseconds. The
start of a build reads only the small TOC column; a page reads its HTML when it is written,
the search index worker the text and terms, so bodies are never all in memory at once.
Entries of bodies that no build has used for an hour (deleted or edited posts) are removed
at the end of each render; not at once, as ``mkdocs serve`` may run beside a build.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.build.worker import can_fork
from cchc.rendering.markdown import BodyMarkdown, MarkdownSetup
from cchc.rendering.sanitize import Checks
from cchc.search.terms import Terms
from cchc.search.text import plain_text

PARALLEL_THRESHOLD = 200  # below this, a pool costs more than it saves
KEEP_UNUSED_SECONDS = 3600  # an entry another build may still read (mkdocs serve beside a build)
_SCHEMA_VERSION = 3  # PRAGMA user_version of the file: another one is dropped and made again
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS body ("
    " key TEXT PRIMARY KEY, used REAL NOT NULL, toc TEXT NOT NULL, checks TEXT NOT NULL, html TEXT NOT NULL,"
    " text TEXT NOT NULL, terms BLOB NOT NULL, digest TEXT NOT NULL)"
)  # ``digest``: of the row's content, verified before an entry is used (a damaged entry is rendered again)


def _digest(toc: str, checks: str, html: str, text: str, terms: bytes) -> str:
    """What an entry must hash to: a row damaged or edited since it was written is not used."""
    sha = hashlib.sha256()
    for part in (toc, checks, html, text):
        sha.update(part.encode("utf-8", "surrogatepass") + b"\0")
    sha.update(bytes(terms))
    return sha.hexdigest()


class BodyStore:
    """The cache file. Each process opens its own connection (SQLite connections must not
    cross ``fork``): the page loop reads HTML in the main process, the worker text and terms."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections: dict[int, sqlite3.Connection] = {}

    @classmethod
    def open(cls, path: Path | None) -> BodyStore | None:
        """The store at ``path`` (made if missing, made again if unreadable); ``None`` when
        it cannot be used: the build then keeps rendered bodies in memory."""
        if path is None:
            return None
        store = cls(path)
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with closing(store._connect()) as connection:
                    _ensure_schema(connection)
                return store
            except sqlite3.DatabaseError:  # not a database, or damaged: start again
                if attempt == 0:
                    _remove_database(path)
            except (OSError, sqlite3.Error):
                break
        return None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last write is fine
        return connection

    def tocs(self, keys: Iterable[str]) -> dict[str, tuple[list[dict[str, Any]], Checks]]:
        """The cached TOC and sanitiser checks of each of ``keys`` that is in the store and
        whose content still has its digest (any other is rendered again and replaced)."""
        wanted = set(keys)
        found: dict[str, tuple[list[dict[str, Any]], Checks]] = {}
        query = "SELECT key, toc, checks, html, text, terms, digest FROM body"
        try:
            with closing(self._connect()) as connection:
                for key, toc, checks, html, text, terms, digest in connection.execute(query):
                    if key in wanted and _digest(toc, checks, html, text, terms) == digest:
                        found[key] = (json.loads(toc), Checks.from_json(json.loads(checks)))
        except (sqlite3.Error, ValueError):
            return {}
        return found

    def put(self, entries: Sequence[Rendered], now: float) -> bool:
        """Store rendered bodies (``Rendered`` with their ``kept_*`` parts) in one
        transaction; ``False`` when the store could not be written."""
        rows = []
        for r in entries:
            toc, checks = json.dumps(r.toc_tokens), json.dumps(r.checks.to_json())
            digest = _digest(toc, checks, r.kept_html, r.kept_text, r.kept_terms)
            rows.append((r.key, now, toc, checks, r.kept_html, r.kept_text, r.kept_terms, digest))
        try:
            connection = self._connection()
            connection.execute("BEGIN IMMEDIATE")  # the write lock now: the pool's workers take turns
            try:
                connection.executemany("INSERT OR REPLACE INTO body VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
                connection.execute("COMMIT")
            except sqlite3.Error:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            return False
        return True

    def keep_only(self, keys: Iterable[str], now: float) -> None:
        """Mark the entries of ``keys`` used at ``now`` and drop those unused for
        ``KEEP_UNUSED_SECONDS`` (bodies deleted or edited since). Best effort: a store
        that cannot be written is only a store that is not pruned."""
        try:
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
                connection.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
                connection.execute("UPDATE body SET used = ? WHERE key IN (SELECT key FROM keep)", (now,))
                connection.execute("DELETE FROM body WHERE used < ?", (now - KEEP_UNUSED_SECONDS,))
                connection.execute("COMMIT")
        except sqlite3.Error:
            pass

    def _connection(self) -> sqlite3.Connection:
        """This process's own connection, kept open."""
        connection = self._connections.get(os.getpid())
        if connection is None:
            connection = self._connections[os.getpid()] = self._connect()
        return connection

    def read(self, key: str, column: str) -> Any:
        """One column (``html``, ``text`` or ``terms``) of one entry."""
        assert column in ("html", "text", "terms")
        try:
            row = self._connection().execute(f"SELECT {column} FROM body WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise RuntimeError(f"{self.path}: bộ nhớ đệm bị hỏng trong lúc dựng trang ({error})") from error
        if row is None:
            raise RuntimeError(f"{self.path}: bộ nhớ đệm bị xóa trong lúc dựng trang")
        return row[0]


def _ensure_schema(connection: sqlite3.Connection) -> None:
    """The table, made again if the file holds another version of it."""
    if connection.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
        connection.execute("DROP TABLE IF EXISTS body")
        connection.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
    connection.execute(_SCHEMA)
    connection.execute("SELECT count(*) FROM body").fetchone()


def _remove_database(path: Path) -> None:
    """Best effort: a cache that cannot be removed (a read-only ``.cache/``, an entry that is
    a folder) is not used; the build keeps bodies in memory."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True)
class Rendered:
    """One rendered body: its TOC, and its HTML and plain text (``search.plain_text``).

    ``checks``: what sanitising the marked body removed and the media sources it kept
    (``rendering.sanitize``), stored with the HTML, as the HTML is the sanitised one.
    When the result is in the store, only the TOC, the checks and the key are held: the HTML, text and
    terms are read back when a page or the search index asks (thousands of bodies are never
    all in memory). Without a store they are kept here.
    """

    toc_tokens: list[dict[str, Any]]
    store: BodyStore | None = None
    key: str = ""
    kept_html: str = ""
    kept_text: str = ""
    kept_terms: bytes = b""
    checks: Checks = field(default_factory=Checks)  # what the sanitiser removed, the media it kept

    def html(self) -> str:
        return str(self.store.read(self.key, "html")) if self.store is not None else self.kept_html

    def text(self) -> str:
        return str(self.store.read(self.key, "text")) if self.store is not None else self.kept_text

    def terms(self) -> bytes:
        """``Terms.of(self.text()).to_bytes()``, made when the body was rendered."""
        return bytes(self.store.read(self.key, "terms")) if self.store is not None else self.kept_terms


class _Renderer:
    """What a pool worker does: render bodies, store them, hand back their TOC and key.

    The worker writes to the store itself, so the bodies' HTML never passes through the
    main process, whose heap would keep the room they took for the rest of the build."""

    def __init__(self, setup: MarkdownSetup, store: BodyStore | None, now: float) -> None:
        self.markdown = BodyMarkdown(setup)
        self.store = store
        self.now = now

    def render(self, key: str, body: str) -> Rendered:
        """Render one body, its plain text and its terms, all kept in the record."""
        html, toc, checks = self.markdown.convert_checked(body)
        text = plain_text(html)
        terms = Terms.of(text).to_bytes()
        return Rendered(toc, checks=checks, key=key, kept_html=html, kept_text=text, kept_terms=terms)

    def render_chunk(self, jobs: Sequence[tuple[str, str]]) -> tuple[bool, list[Rendered]]:
        """Render and store ``(key, body)`` jobs: ``(True, [TOC and key of each])`` once
        stored, ``(False, [whole results])`` when the store could not be written."""
        rendered = [self.render(key, body) for key, body in jobs]
        if self.store is None or not self.store.put(rendered, self.now):
            return False, rendered
        return True, [Rendered(r.toc_tokens, checks=r.checks, key=r.key) for r in rendered]


_WORKER: _Renderer | None = None
CHUNK = 16  # bodies rendered and stored together (one transaction)


def _init_worker(setup: MarkdownSetup, store: BodyStore | None, now: float) -> None:
    global _WORKER
    _WORKER = _Renderer(setup, store, now)


def _render_chunk(jobs: Sequence[tuple[str, str]]) -> tuple[bool, list[Rendered]]:
    assert _WORKER is not None
    return _WORKER.render_chunk(jobs)


def _key(body: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\n{body}".encode()).hexdigest()


def render_all(
    bodies: Mapping[str, str],
    setup: MarkdownSetup,
    cache_file: Path | None,
    workers: int | None = None,
    now: float | None = None,
) -> dict[str, Rendered]:
    """Render ``{name: markdown}`` to ``{name: Rendered}``, reusing cached results; the
    cache forgets bodies that no call has asked for in ``KEEP_UNUSED_SECONDS`` before
    ``now`` (default: the clock)."""
    fingerprint = setup.fingerprint()
    keys = {name: _key(body, fingerprint) for name, body in bodies.items()}
    now = time.time() if now is None else now
    store = BodyStore.open(cache_file)
    cached = store.tocs(keys.values()) if store is not None else {}
    jobs = list({keys[n]: (keys[n], bodies[n]) for n in bodies if keys[n] not in cached}.values())
    fresh = {r.key: r for r in _render_many(jobs, setup, store, now, workers)}
    if store is not None:
        store.keep_only(keys.values(), now)
    return {
        name: fresh.get(keys[name])
        or Rendered(cached[keys[name]][0], store, keys[name], checks=cached[keys[name]][1])
        for name in bodies
    }


def _render_many(
    jobs: Sequence[tuple[str, str]],
    setup: MarkdownSetup,
    store: BodyStore | None,
    now: float,
    workers: int | None,
) -> Iterator[Rendered]:
    """The rendered jobs: read from ``store`` when they are in it, else kept in memory."""
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    count = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_THRESHOLD or count < 2 or not can_fork():
        _init_worker(setup, store, now)
        results: Iterable[tuple[bool, list[Rendered]]] = map(_render_chunk, chunks)
        yield from _in_store(results, store)
        return
    context = multiprocessing.get_context("fork")
    initargs = (setup, store, now)
    with ProcessPoolExecutor(count, context, initializer=_init_worker, initargs=initargs) as pool:
        yield from _in_store(pool.map(_render_chunk, chunks), store)


def _in_store(results: Iterable[tuple[bool, list[Rendered]]], store: BodyStore | None) -> Iterator[Rendered]:
    for stored, rendered in results:
        for r in rendered:
            yield Rendered(r.toc_tokens, store, r.key, checks=r.checks) if stored else r
