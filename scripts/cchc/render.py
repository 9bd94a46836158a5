"""Markdown rendering of post bodies: once per content, on every core, cached on disk.

Post bodies are the bulk of the build's Markdown work. They are rendered here (with the
site's own Markdown extensions), in a process pool when there are many, together with the
body's plain text and its ``search.Terms`` for the search index, and each result is kept in
``.cache/html/`` under a hash of the body and the Markdown configuration, so a rebuild
after adding one post renders (and tokenises) one post.

A cache file is three lines: JSON of the TOC, JSON of the HTML and text, then
``Terms.to_bytes()`` (``search.read_terms`` reads the last line). At the start the build
reads only the small first line; a page reads the second when it is written and the search
index worker the second and third, so bodies and terms are never all in memory at once.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import markdown

from .search import Terms, plain_text
from .worker import can_fork

PARALLEL_THRESHOLD = 200  # below this, a pool costs more than it saves
CACHE_FORMAT = "4"  # what a cache entry holds: toc; html, text; terms


@dataclass(frozen=True)
class Rendered:
    """One rendered body: its TOC, and its HTML and plain text (``search.plain_text``).

    When the result is in the cache, only the TOC and the file's path are held: the HTML
    and text are read back when a page or the search index asks (thousands of bodies are
    never all in memory). Without a cache they are kept here.
    """

    toc_tokens: list[dict[str, Any]]
    path: Path | None = None  # cache file: JSON of html/toc/text, then a line of Terms
    kept_html: str = ""
    kept_text: str = ""

    @property
    def terms_file(self) -> Path | None:
        """A file whose last line is ``Terms.of(text).to_bytes()`` (``search.read_terms``)."""
        return self.path

    def html(self) -> str:
        return self._entry()["html"] if self.path is not None else self.kept_html

    def text(self) -> str:
        return self._entry()["text"] if self.path is not None else self.kept_text

    def _entry(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            with self.path.open("rb") as file:
                file.readline()
                return dict(json.loads(file.readline()))
        except (OSError, ValueError) as error:
            raise RuntimeError(f"{self.path}: bộ nhớ đệm bị xóa hoặc hỏng trong lúc dựng trang") from error


@dataclass(frozen=True)
class MarkdownSetup:
    """The extensions and their configuration, as MkDocs passes them to Markdown."""

    extensions: tuple[Any, ...]
    configs: Mapping[str, Mapping[str, Any]]

    def fingerprint(self) -> str:
        """Changes whenever rendering could change: extensions, options, library versions."""

        parts = [_describe(e) for e in self.extensions]
        parts += [f"{name}={_describe(conf)}" for name, conf in sorted(self.configs.items())]
        parts += [version("markdown"), version("pymdown-extensions"), version("lxml"), CACHE_FORMAT]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _describe(value: Any) -> str:
    """A stable description (no memory addresses) of an extension option value."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k}:{_describe(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_describe(v) for v in value) + "]"
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value)
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


_WORKER: markdown.Markdown | None = None
_CACHE_DIR: Path | None = None


def _init_worker(setup: MarkdownSetup, cache_dir: Path | None) -> None:
    global _WORKER, _CACHE_DIR
    _WORKER = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    _CACHE_DIR = cache_dir


def _render_one(job: tuple[str, str]) -> Rendered:
    """Render one body and store it in the cache (in the worker: nothing big goes back)."""
    key, body = job
    assert _WORKER is not None
    _WORKER.reset()
    html = _WORKER.convert(body)
    text = plain_text(html)
    toc = list(getattr(_WORKER, "toc_tokens", []))
    rendered = Rendered(toc, kept_html=html, kept_text=text)
    return _write_cache(_CACHE_DIR, key, rendered, Terms.of(text).to_bytes())


def _key(body: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\n{body}".encode()).hexdigest()


def render_all(
    bodies: Mapping[str, str],
    setup: MarkdownSetup,
    cache_dir: Path | None,
    workers: int | None = None,
) -> dict[str, Rendered]:
    """Render ``{name: markdown}`` to ``{name: Rendered}``, reusing cached results."""
    fingerprint = setup.fingerprint()
    results: dict[str, Rendered] = {}
    missing: dict[str, tuple[str, str]] = {}
    for name, body in bodies.items():
        key = _key(body, fingerprint)
        cached = _read_cache(cache_dir, key)
        if cached is not None:
            results[name] = cached
        else:
            missing[name] = (key, body)
    names = list(missing)
    rendered = _render_many([missing[n] for n in names], setup, cache_dir, workers)
    results.update(zip(names, rendered, strict=True))
    return results


def _render_many(
    jobs: Sequence[tuple[str, str]], setup: MarkdownSetup, cache_dir: Path | None, workers: int | None
) -> list[Rendered]:
    count = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_THRESHOLD or count < 2 or not can_fork():
        _init_worker(setup, cache_dir)
        return [_render_one(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(count, context, initializer=_init_worker, initargs=(setup, cache_dir)) as pool:
        return list(pool.map(_render_one, jobs, chunksize=32))


def _read_cache(cache_dir: Path | None, key: str) -> Rendered | None:
    if cache_dir is None:
        return None
    path = cache_dir / key[:2] / f"{key}.json"
    try:
        with path.open("rb") as file:  # written whole or not at all (os.replace)
            toc = json.loads(file.readline())
        return Rendered(toc, path) if isinstance(toc, list) else None
    except (OSError, ValueError):
        return None


def _write_cache(cache_dir: Path | None, key: str, rendered: Rendered, terms: bytes) -> Rendered:
    """Store ``rendered`` and its terms; the record says where the terms are, if they were kept."""
    if cache_dir is None:
        return rendered
    path = cache_dir / key[:2] / f"{key}.json"
    lines = (
        json.dumps(rendered.toc_tokens).encode(),
        json.dumps({"html": rendered.kept_html, "text": rendered.kept_text}).encode(),
        terms,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(b"\n".join(lines))
        os.replace(tmp, path)
    except OSError:
        return rendered  # a cache that cannot be written only costs time
    return Rendered(rendered.toc_tokens, path)
