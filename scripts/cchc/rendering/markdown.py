"""The site's Markdown setup: the extensions and options of ``mkdocs.yml``, as an engine
uses them, and one Markdown instance per process to render bodies with.

Python-Markdown is rendered as it is, without shortcuts: the two that were here (skipping
extensions a body does not use, and skipping the inline patterns on plain text, which
overrode a private method) did not pay for themselves under the project's rule (measured
in ``docs-dev/architecture.md``, "Speed tricks").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import markdown

FORMAT = "6"  # changes when what a rendering produces changes (in the cache key)


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
        if self._md is None:
            configs = {k: v for k, v in self.setup.configs.items() if k in self.setup.extensions}
            self._md = markdown.Markdown(extensions=list(self.setup.extensions), extension_configs=configs)
        md = self._md
        md.reset()
        html = md.convert(body)
        return html, list(getattr(md, "toc_tokens", []))
