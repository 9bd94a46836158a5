"""All content of the site, each file read and validated once, problems reported together.

Posts, procedure records and the other pages of ``docs/`` are read here, once each; the
``[[TTHC:…]]`` references in all of them are then checked against the procedure records
in memory. Every problem of every file is reported in one ``ContentError``, so an
official sees every mistake in one run.

Before any file is read, ``posts/`` and ``docs/`` are walked once (``cchc.core.safety.scan``):
a symbolic link out of them, a loop or a special file stops the build there, so that
neither this package nor MkDocs (which copies every file of ``docs/``) ever reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cchc.core.frontmatter import Source, read_page
from cchc.core.problems import ContentError, Problem
from cchc.core.safety import ContentFiles, scan
from cchc.core.settings import Settings
from cchc.core.urls import PROCEDURES_DIR
from cchc.glossary.terms import Term, load_terms
from cchc.legal.data import KnownDocument, load_known
from cchc.posts.load_cache import LoadCache
from cchc.posts.loading import load_posts
from cchc.posts.model import PostSet
from cchc.procedures.links import reference_problems
from cchc.procedures.loading import load_records, markdown_files
from cchc.procedures.model import Catalogue


@dataclass(frozen=True)
class Content:
    posts: PostSet
    procedures: Catalogue
    pages: tuple[Source, ...] = ()  # the other Markdown pages of docs/ (home, about…)
    files: ContentFiles = field(
        default_factory=ContentFiles
    )  # the files of posts/ and docs/ that may be published
    known: tuple[KnownDocument, ...] = ()  # data/can-cu-phap-ly.yml
    terms: tuple[Term, ...] = ()  # data/thuat-ngu.yml

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.files.warnings + self.posts.warnings + self.procedures.warnings


def page_files(docs_dir: Path, files: ContentFiles | None = None) -> list[Path]:
    """The Markdown pages of ``docs/`` that are not procedure records."""
    procedures = docs_dir / PROCEDURES_DIR
    found = markdown_files(docs_dir) if files is None else files.markdown(docs_dir)
    return [p for p in found if not p.is_relative_to(procedures)]


def content_files(settings: Settings) -> ContentFiles:
    """The files of ``posts/`` and ``docs/``; raises ``ContentError`` for a link out of them,
    a loop or a special file (nothing else is read then)."""
    files = scan(settings.root, settings.posts_dir, settings.docs_dir)
    if files.errors:
        raise ContentError(files.errors)
    return files


def _read_pages(settings: Settings, files: ContentFiles) -> tuple[list[Source], list[Problem]]:
    pages: list[Source] = []
    problems: list[Problem] = []
    for path in page_files(settings.docs_dir, files):
        source, found = read_page(path, settings.root, settings.limits)
        problems += found
        if source is not None:
            pages.append(source)
    return pages, problems


def _reference_problems(
    catalogue: Catalogue, postset: PostSet | None, pages: Sequence[Source]
) -> list[Problem]:
    """``[[TTHC:…]]`` references of posts, procedure bodies and pages naming no record
    (checked in the same run as every other problem: the posts' when they could be read)."""
    posts = postset.visible(preview=True) if postset is not None else ()
    texts = [(p.source, p.body, p.body_line) for p in posts]
    texts += [(p.source, p.body, 1) for p in catalogue.procedures]
    texts += [(s.rel, s.body, s.body_line) for s in pages]
    problems: list[Problem] = []
    for rel, text, first_line in texts:
        if "[[" in text:
            problems += reference_problems(text, rel, catalogue, first_line)
    return problems


def load_content(settings: Settings, now: datetime, cache: LoadCache | None = None) -> Content:
    """Every post, procedure and page as records; raises one ``ContentError`` with every
    problem found (records first, then references between them). ``cache``: the
    preview's posts read before (``cchc.posts.load_cache``)."""
    files = content_files(settings)
    problems: list[Problem] = []
    postset = catalogue = None
    try:
        postset = load_posts(settings, now, files.posts, cache)
    except ContentError as error:
        problems += error.problems
    try:
        catalogue = load_records(settings, now.date(), files.markdown(settings.docs_dir / PROCEDURES_DIR))
    except ContentError as error:
        problems += error.problems
    pages, page_problems = _read_pages(settings, files)
    problems += [p for p in page_problems if not p.warning]
    known: tuple[KnownDocument, ...] = ()
    terms: tuple[Term, ...] = ()
    try:
        known = load_known(settings.root)
    except ContentError as error:
        problems += error.problems
    try:
        terms = load_terms(settings.root)
    except ContentError as error:
        problems += error.problems
    if catalogue is not None:
        problems += _reference_problems(catalogue, postset, pages)
    if problems or postset is None or catalogue is None:
        raise ContentError(problems)
    return Content(postset, catalogue, tuple(pages), files, known, terms)
