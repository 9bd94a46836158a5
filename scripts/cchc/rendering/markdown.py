"""The site's Markdown setup: the extensions and options of ``mkdocs.yml``, as an engine
uses them, and one Markdown instance per process to render bodies with.

Python-Markdown is rendered as it is, without shortcuts: the two that were here (skipping
extensions a body does not use, and skipping the inline patterns on plain text, which
overrode a private method) did not pay for themselves under the project's rule (measured
in ``docs-dev/architecture.md``, "Speed tricks").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from cchc.rendering import sanitize as sanitiser
from cchc.rendering.sanitize import ATTR_LIST_KEYS, BODY_END, BODY_START, FOOTNOTES_MARK, Checks, Finding

FORMAT = "8"  # changes when what a rendering produces changes (in the cache key)
# The sanitiser as a Markdown extension (below): in every engine's setup.
EXTENSION = "cchc.rendering.markdown"


@dataclass(frozen=True)
class MarkdownSetup:
    """The extensions and their configuration, as MkDocs passes them to Markdown."""

    extensions: tuple[Any, ...]
    configs: Mapping[str, Mapping[str, Any]]

    def names(self) -> tuple[str, ...]:
        """The extensions' names as written in ``mkdocs.yml`` (``toc``, ``pymdownx.details``)."""
        return tuple(
            e.removeprefix("markdown.extensions.") if isinstance(e, str) else "" for e in self.extensions
        )

    def fingerprint(self) -> str:
        """Changes whenever rendering could change: extensions, options, library versions."""

        parts = [_describe(e) for e in self.extensions]
        parts += [f"{name}={_describe(conf)}" for name, conf in sorted(self.configs.items())]
        parts += [version("markdown"), version("pymdown-extensions"), version("lxml"), FORMAT]
        parts.append(sanitiser.fingerprint())
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


class BodyMarkdown:
    """A Markdown instance with the site's setup, made once and reset between bodies."""

    def __init__(self, setup: MarkdownSetup) -> None:
        self.setup = setup
        self._md: markdown.Markdown | None = None

    def convert(self, body: str) -> tuple[str, list[dict[str, Any]]]:
        """``body`` as HTML, and its TOC tokens."""
        html, toc, _ = self.convert_checked(body)
        return html, toc

    def convert_checked(self, body: str) -> tuple[str, list[dict[str, Any]], Checks]:
        """``body`` as HTML, its TOC tokens, and what sanitising its marked part found."""
        if self._md is None:
            configs = {k: v for k, v in self.setup.configs.items() if k in self.setup.extensions}
            self._md = markdown.Markdown(extensions=list(self.setup.extensions), extension_configs=configs)
        md = self._md
        md.reset()
        html = md.convert(body)
        found = getattr(md, "cchc_checks", None)
        checks = Checks(list(found.findings), list(found.media)) if found is not None else Checks()
        return html, list(getattr(md, "toc_tokens", [])), checks


# --- the Markdown extension ------------------------------------------------------------------


class _BodyPostprocessor(Postprocessor):
    """Sanitises the HTML between the body marks (from the first start mark to the last end
    mark, or to the end of the document when a body swallowed the end mark)."""

    def __init__(self, md: Markdown, checks: Checks) -> None:
        super().__init__(md)
        self.checks = checks

    def run(self, text: str) -> str:
        start = text.find(BODY_START)
        if start < 0:
            return text
        end = text.rfind(BODY_END)
        if end < start:
            end = len(text)
        body = text[start + len(BODY_START) : end]
        if BODY_START in body or BODY_END in body or end == len(text):
            self.checks.findings.append(Finding("marker", "<!-- cchc:… -->", ("cchc:",)))
        body = body.replace(f"<p>{FOOTNOTES_MARK}</p>", "")  # left when footnotes is not enabled
        clean = sanitiser.sanitize(body.strip("\n"), self.checks)
        return text[:start] + clean + text[end + len(BODY_END) :]


_TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.IGNORECASE)
_CLASS_ATTRIBUTE = re.compile(r"\sclass\s*=", re.IGNORECASE)
_FRAME_OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
_FRAME_CLOSE = "</div></div>"


def frame_tables(html: str) -> str:
    """Every table without a class in Material's scrolling frame, as Material's JavaScript
    bundle does in the browser (``table:not([class])``); done here because the site does
    not load the bundle (overrides/base.html). Tables with a class are the site's own; a
    table already framed stays as it is (a page's HTML may pass here twice)."""
    if "<table" not in html:
        return html
    parts: list[str] = []
    framed: list[bool] = []  # per open table: whether it was framed
    position = 0
    for tag in _TABLE_TAG.finditer(html):
        parts.append(html[position : tag.start()])
        if tag.group(1):  # </table>
            parts.append(tag.group(0) + (_FRAME_CLOSE if framed and framed.pop() else ""))
        else:
            already = html[max(0, tag.start() - len(_FRAME_OPEN)) : tag.start()] == _FRAME_OPEN
            bare = not already and _CLASS_ATTRIBUTE.search(tag.group(2)) is None
            framed.append(bare)
            parts.append((_FRAME_OPEN if bare else "") + tag.group(0))
        position = tag.end()
    parts.append(html[position:])
    return "".join(parts)


class _TablePostprocessor(Postprocessor):
    """``frame_tables`` over the whole rendering, after the sanitiser (whose allowed
    classes do not include the frame's)."""

    def run(self, text: str) -> str:
        return frame_tables(text)


class SanitizeExtension(Extension):
    """The sanitiser in Python-Markdown (see the module docstring). ``md.cchc_checks``
    holds what the last conversion found."""

    def extendMarkdown(self, md: Markdown) -> None:
        self.checks = Checks()
        md.cchc_checks = self.checks  # type: ignore[attr-defined]
        md.postprocessors.register(_BodyPostprocessor(md, self.checks), "cchc_sanitize", 1)
        md.postprocessors.register(_TablePostprocessor(md), "cchc_table_frames", 0)
        if "attr_list" in md.treeprocessors:
            _guard_attr_list(md.treeprocessors["attr_list"], self.checks)
        md.registerExtension(self)

    def reset(self) -> None:
        self.checks.findings.clear()
        self.checks.media.clear()


def _guard_attr_list(processor: Any, checks: Checks) -> None:
    """``attr_list`` sets only ``ATTR_LIST_KEYS``: any other key it set is undone."""
    original = processor.assign_attrs

    def assign_attrs(elem: Element, attrs_string: str, *, strict: bool = False) -> str:
        before = dict(elem.attrib)
        result = original(elem, attrs_string, strict=strict)
        for name, value in list(elem.attrib.items()):
            if name in ATTR_LIST_KEYS or before.get(name) == value:
                continue
            if name in before:
                elem.set(name, before[name])
            else:
                del elem.attrib[name]
            key = name.lower()
            rule = (
                "event"
                if key.startswith("on")
                else "attr-list-url"
                if key in ("src", "href")
                else "attr-list"
            )
            checks.findings.append(Finding(rule, name, (f"{name}=", name)))
        return str(result)

    processor.assign_attrs = assign_attrs


def makeExtension(**kwargs: Any) -> SanitizeExtension:
    return SanitizeExtension(**kwargs)
