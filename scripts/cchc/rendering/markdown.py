"""Post bodies to HTML: the site's Markdown setup, made fast without changing one byte.

Python-Markdown is most of a first build's time (~1.4–2 ms a body of 600 words here). Two
measured shortcuts, each checked against the plain rendering on every page of the
repository, synthetic posts and each syntax (``tests/test_render.py``):

- **Unused extensions are skipped.** An extension listed in ``SKIPPABLE`` only acts on text
  holding one of its strings (``!!!`` for admonition, ``|`` for tables…); a body without
  them is rendered by an instance without that extension (~0.3–0.5 ms a body each).
- **Plain text skips the inline patterns.** Python-Markdown tries each of its ~15 inline
  patterns (links, emphasis, code, HTML…) on every text node, one regular expression scan
  each. Every one of them needs one of the characters of ``_INLINE_TRIGGERS`` to match,
  so a text node with none of those characters is left as it is after a single scan
  (``_FastInline``; ~0.4–0.8 ms a body). It is used only when every registered inline
  pattern is one of those known here (an extension adding its own keeps the full path).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor

FORMAT = "5"  # changes when what a rendering produces changes (in the cache key)


@dataclass(frozen=True)
class MarkdownSetup:
    """The extensions and their configuration, as MkDocs passes them to Markdown."""

    extensions: tuple[Any, ...]
    configs: Mapping[str, Mapping[str, Any]]

    def names(self) -> tuple[str, ...]:
        """The extensions' names as written in ``mkdocs.yml`` (``toc``, ``pymdownx.details``)."""
        return tuple(_name(e) for e in self.extensions)

    def fingerprint(self) -> str:
        """Changes whenever rendering could change: extensions, options, library versions."""

        parts = [_describe(e) for e in self.extensions]
        parts += [f"{name}={_describe(conf)}" for name, conf in sorted(self.configs.items())]
        parts += [version("markdown"), version("pymdown-extensions"), version("lxml"), FORMAT]
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


# Extensions that leave a body unchanged when it holds none of their strings: each one only
# acts on text that holds one of these. Extensions not listed here always run.
SKIPPABLE: Mapping[str, tuple[str, ...]] = {
    "admonition": ("!!!",),
    "pymdownx.details": ("???",),
    "footnotes": ("[^",),
    "tables": ("|",),
    "attr_list": ("{",),
    "fenced_code": ("```", "~~~"),
}


def _name(extension: Any) -> str:
    return extension.removeprefix("markdown.extensions.") if isinstance(extension, str) else ""


def needed(extensions: Sequence[Any], body: str) -> tuple[Any, ...]:
    """The extensions that can change how ``body`` renders (see ``SKIPPABLE``)."""
    markers = SKIPPABLE
    return tuple(
        e for e in extensions if _name(e) not in markers or any(m in body for m in markers[_name(e)])
    )


# Python-Markdown 3.11's inline patterns (and footnotes'), each with what its match needs:
# a backtick, a backslash, "[" (links, images, references, footnotes), "<" (autolinks, raw
# HTML), "&" (entities), "*" or "_" (emphasis), two spaces before a line end (line break).
_KNOWN_INLINE = frozenset(
    [
        "backtick",
        "escape",
        "footnote",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "em_strong",
        "em_strong2",
        "not_strong",
    ]
)
# The same, and the placeholder marks Python-Markdown puts in text it has stashed.
_INLINE_TRIGGERS = re.compile("[`\\\\\\[<&*_\x02\x03]|  \n")


class _FastInline(InlineProcessor):
    """Python-Markdown's inline processor, returning at once a top-level text that no
    pattern can match (see the module docstring). Overrides the one private method that
    applies the patterns to a text (``__handleInline``, name-mangled); Python-Markdown is
    pinned in ``requirements.txt`` and the output is tested against the plain processor."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and not _INLINE_TRIGGERS.search(data):
            return data
        handle = InlineProcessor._InlineProcessor__handleInline  # type: ignore[attr-defined]
        return str(handle(self, data, patternIndex))


def fast_inline(md: markdown.Markdown) -> bool:
    """Use ``_FastInline`` in ``md`` if all its inline patterns are known here."""
    names = {item.name for item in md.inlinePatterns._priority}
    if not names <= _KNOWN_INLINE or "inline" not in md.treeprocessors:
        return False
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
    md.treeprocessors.register(_FastInline(md), "inline", priority)
    return True


class BodyMarkdown:
    """Markdown instances for each set of needed extensions, made when first needed."""

    def __init__(self, setup: MarkdownSetup, fast: bool = True) -> None:
        self.setup = setup
        self.fast = fast
        self._instances: dict[tuple[Any, ...], markdown.Markdown] = {}

    def convert(self, body: str) -> tuple[str, list[dict[str, Any]]]:
        """``body`` as HTML, and its TOC tokens."""
        extensions = needed(self.setup.extensions, body) if self.fast else self.setup.extensions
        md = self._instances.get(extensions)
        if md is None:
            md = self._instances[extensions] = self._make(extensions)
        md.reset()
        html = md.convert(body)
        return html, list(getattr(md, "toc_tokens", []))

    def _make(self, extensions: tuple[Any, ...]) -> markdown.Markdown:
        configs = {k: v for k, v in self.setup.configs.items() if k in extensions}
        md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
        if self.fast:
            fast_inline(md)
        return md
