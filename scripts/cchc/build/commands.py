"""The build commands of ``python -m cchc``: ``generate`` and ``build`` without hooks.

``build --engine plain`` writes the site's folder (``generate.write_folder``), has an
engine build it into a staging folder (``mkdocs build`` by default: the hooks are not
used, so ProperDocs or Zensical can take its place) and publishes the result atomically
(``publish.py``): a failed build leaves the published site as it was.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cchc.build import faults, generate, publish
from cchc.build.pipeline import SiteBuild, content_epoch, markdown_setup
from cchc.core.problems import ContentError
from cchc.core.settings import load_settings
from cchc.rendering.markdown import MarkdownSetup

# The extensions MkDocs always loads before those of ``mkdocs.yml`` (MkDocs 1.6, kept by
# ProperDocs); the hooks take the list from MkDocs itself.
ENGINE_BUILTINS = ("toc", "tables", "fenced_code")
SCRIPTS_DIR = Path(__file__).resolve().parents[2]


def setup_from_config(config: Mapping[str, Any]) -> MarkdownSetup:
    """The Markdown setup an engine makes of ``markdown_extensions`` in ``mkdocs.yml``."""
    names: list[str] = list(ENGINE_BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions") or []:
        name, conf = next(iter(item.items())) if isinstance(item, dict) else (str(item), None)
        if name not in names:
            names.append(name)
        if conf:
            configs[name] = {k: _resolved(v) for k, v in dict(conf).items()}
    return markdown_setup(tuple(names), configs)


def _resolved(value: Any) -> Any:
    """A ``!!python/name:module.attr`` value as the object it names."""
    tag = getattr(value, "tag", "")
    if tag.startswith("python/name:"):
        module, _, attr = tag.removeprefix("python/name:").rpartition(".")
        return getattr(importlib.import_module(module), attr)
    return value


def load_build(root: Path) -> SiteBuild:
    """The site's build from its files alone (no engine involved)."""
    settings = load_settings(root)
    config = generate.read_config(root)
    return SiteBuild(settings, setup_from_config(config))


def generate_folder(root: Path, out: Path) -> int:
    try:
        build = load_build(root)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    _warn_cache(root)
    if not _render(build, root):
        return 1
    site = root / str(generate.read_config(root).get("site_dir") or "site")
    generate.write_folder(build, out, site)
    print(f"Đã tạo thư mục dựng trang {out} (dựng bằng: mkdocs build -f {out / 'mkdocs.yml'}).")
    return 0


def _render(build: SiteBuild, root: Path) -> bool:
    """Render the bodies (sanitised: ``rendering.sanitize``); ``False`` once the problems
    that stop the build are printed."""
    try:
        build.render(publish.cache_dir(root) / "render.sqlite3")
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return False
    for problem in build.render_warnings:
        print(f"Cảnh báo: {problem.format()}", file=sys.stderr)
    return True


def _warn_cache(root: Path) -> None:
    for warning in faults.check_cache(root):
        print(f"Cảnh báo: {warning}", file=sys.stderr)


def build_plain(root: Path, engine: Sequence[str] = ("mkdocs",)) -> int:
    """Build and publish the site with an engine that runs no hooks.

    Machine faults (a full disk, a folder that cannot be written) are raised for the
    command line to word (``faults.run_command``); the published site stays as it was."""
    try:
        load_settings(root)  # mkdocs.yml mistakes, worded, before anything waits or writes
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    site = root / str(generate.read_config(root).get("site_dir") or "site")
    with publish.Publication(site) as publication:
        try:
            build = load_build(root)
        except ContentError as error:
            print(error.report(), file=sys.stderr)
            publication.fail()
            return 1
        _warn_cache(root)
        if not _render(build, root):
            publication.fail()
            return 1
        out = root / generate.DEFAULT_DIR
        generate.write_folder(build, out, publication.staging)
        paths = [str(SCRIPTS_DIR), os.environ.get("PYTHONPATH", "")]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
        env.setdefault("SOURCE_DATE_EPOCH", str(content_epoch(build)))  # as the hooks do: no build date
        command = [sys.executable, "-m", *engine, "build", "-q", "-f", str(out / "mkdocs.yml")]
        if run_engine(command, env, root) != 0:
            publication.fail()
        if not publication.finish():
            print("Dựng trang không thành công; trang đã xuất bản trước đó vẫn giữ nguyên.", file=sys.stderr)
            return 1
    print(f"Đã xuất bản trang vào thư mục {publication.target}")
    return 0


def run_engine(command: Sequence[str], env: Mapping[str, str], root: Path) -> int:
    """Run the engine; its messages are shown, but a Python traceback (the engine failing
    on a full disk) goes to the developers' log and the official reads a Vietnamese message."""
    result = subprocess.run(
        command, env=env, check=False, stderr=subprocess.PIPE, text=True, errors="replace",
        preexec_fn=faults.die_with_parent(),
    )  # fmt: skip
    if result.returncode != 0 and faults.TRACEBACK in result.stderr:
        head, _, trace = result.stderr.partition(faults.TRACEBACK)
        sys.stderr.write(head)
        print(faults.report_text(faults.TRACEBACK + trace, root, "engine"), file=sys.stderr)
    else:
        sys.stderr.write(result.stderr)
    return result.returncode
