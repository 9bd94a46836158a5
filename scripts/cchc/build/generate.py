"""A build without hooks: the whole site as a folder of plain pages any engine can build.

``write_folder`` writes, under ``.build/`` by default: ``docs/`` (the fixed pages, posts,
listings and procedure pages as Markdown files with plain-text front matter, the posts'
images and attachments, the other files of ``docs/``, and the outputs — feeds, search
index, JSON data, robots.txt — as static files) and ``mkdocs.yml`` (the project's, with
``hooks:`` and ``watch:`` removed and the folders pointed at). ``mkdocs build``,
ProperDocs or any engine that reads ``mkdocs.yml`` without running hooks then makes the
same site as the hooks do (``tests/test_engines.py`` compares them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from cchc.build import publish
from cchc.build.pipeline import SiteBuild
from cchc.core.safety import content_folder
from cchc.core.urls import NEWS_DIR, PROCEDURES_DIR
from cchc.rendering.markdown import EXTENSION

DEFAULT_DIR = ".build"
# Generated pages are reached from the site's own lists, not from ``nav:``.
NOT_IN_NAV = f"/{NEWS_DIR}/\n/{PROCEDURES_DIR}/\n/van-ban/\n"


def folder_order(file: Any) -> tuple[tuple[Any, ...], ...]:
    """Where a file comes in the order an engine finds files in a folder (directories
    sorted, a folder's files before its subfolders, ``index`` first): the order of the
    site map, the same whether pages came from hooks or from a folder."""
    parts = PurePosixPath(file.src_uri if hasattr(file, "src_uri") else str(file)).parts
    folders = tuple((1, part) for part in parts[:-1])
    name = parts[-1]
    return (*folders, (0, PurePosixPath(name).stem not in ("index", "README"), name))


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return _Tagged(suffix, loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else "")


class _Tagged:
    """A tag MkDocs knows and we leave alone (``!!python/name:…``, ``!relative``)."""

    def __init__(self, tag: str, value: str) -> None:
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml``: ``!ENV`` resolved as MkDocs does, other tags kept as they are."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1], values[-1]
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda ld, s, n: _tagged(ld, "python/" + s, n)
)
_ConfigLoader.add_multi_constructor("!", lambda ld, s, n: _tagged(ld, "!" + s, n))


class _ConfigDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, value: _Tagged) -> yaml.Node:
    tag = value.tag if value.tag.startswith("!") else f"tag:yaml.org,2002:{value.tag}"
    return dumper.represent_scalar(tag, value.value)


_ConfigDumper.add_representer(_Tagged, _represent_tagged)


def read_config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as data, ``!ENV`` values resolved (settings are validated elsewhere:
    ``core/settings.py``)."""
    with (root / "mkdocs.yml").open(encoding="utf-8") as stream:
        config = yaml.load(stream, Loader=_ConfigLoader)  # a SafeLoader subclass
    return config if isinstance(config, dict) else {}


def engine_config(root: Path, out: Path, site_dir: Path) -> dict[str, Any]:
    """The project's ``mkdocs.yml`` for an engine without hooks building ``out/docs``."""
    config = read_config(root)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = os.path.relpath(site_dir, out)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / str(theme["custom_dir"]), out)
    config["not_in_nav"] = NOT_IN_NAV
    extensions = config.setdefault("markdown_extensions", [])
    _set_toc_slugify(extensions)
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)  # bodies sanitised as the hooks sanitise them (rendering.sanitize)
    return config


def _set_toc_slugify(extensions: list[Any]) -> None:
    """Headings get the ids the hooks give them (``pipeline.markdown_setup``)."""
    slugify = _Tagged("python/name:cchc.core.text.markdown_slugify", "")
    for index, item in enumerate(extensions):
        if item == "toc":
            extensions[index] = {"toc": {"slugify": slugify}}
            return
        if isinstance(item, dict) and "toc" in item:
            item["toc"] = dict(item["toc"] or {}, slugify=slugify)
            return
    extensions.append({"toc": {"slugify": slugify}})


def write_folder(build: SiteBuild, out: Path, site_dir: Path) -> None:
    """Write the whole site as plain pages and files into ``out`` (made anew)."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    _copy_docs(build.settings.docs_dir, docs, set(build.pages), build.content.files.docs)
    for page in build.pages.values():
        _write(docs / page.src_uri, page.file_text().encode())
    for asset in build.assets:
        if asset.data is not None:
            _write(docs / asset.dest, asset.data)
        else:
            _write(docs / asset.dest, asset.source.read_bytes())
    for path, data in build.outputs().items():
        _write(docs / path, publish.output_bytes(data))
    config = engine_config(build.settings.root, out, site_dir)
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=10**6)
    _write(out / "mkdocs.yml", text.encode())


def _copy_docs(source: Path, target: Path, pages: Iterable[str], files: Iterable[Path]) -> None:
    """The files of ``docs/`` that the build does not make itself (forms, images…).

    ``files`` are those ``cchc.core.safety.scan`` found (no link out of the content folders,
    no dot-file); each is checked again here, so that nothing else is ever copied.
    """
    made = set(pages)
    for path in files:
        rel = path.relative_to(source).as_posix()
        if rel in made or any(p.startswith(".") for p in rel.split("/")):
            continue
        if path.is_symlink() and not content_folder(path, source.parent / "posts", source):
            continue  # refused by ``scan`` already: never copied
        _write(target / rel, path.read_bytes())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
