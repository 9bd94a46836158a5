"""The package's own HTML templates: every fragment of HTML the package emits is made here.

One Jinja environment with autoescape on and strict undefined values, over the templates in
``rendering/templates/``: a value from content or site data is text unless a template
says otherwise, and a typo in a template fails the build instead of printing nothing.
Templates get the helpers every page needs (``rel``, ``category_url``, ``tag_url``,
``display_date``, ``day``, ``human_size``) as globals and filters.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from cchc.core import formatting
from cchc.core.urls import category_url, rel, tag_url

TEMPLATE_DIR = Path(__file__).parent / "templates"


def script_json(value: object) -> Markup:
    """``value`` as JSON that is safe inside ``<script type="application/ld+json">``:
    ``<``, ``>`` and ``&`` are written as ``\\u003c``… so no text can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["rel"] = rel
    env.globals["category_url"] = category_url
    env.globals["tag_url"] = tag_url
    env.filters["display_date"] = formatting.display_date
    env.filters["day"] = formatting.day
    env.filters["human_size"] = formatting.human_size
    env.filters["script_json"] = script_json
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` rendered with ``context`` (escaped by default)."""
    return environment().get_template(name).render(**context)
