"""The files of ``/admin/``: the page, its script, ``config.yml`` and the vendored Decap bundle.

The bundle is the pinned npm package (``package.json``/``package-lock.json``, installed by
``npm ci`` from ``scripts/setup.sh``), copied as it is from ``node_modules/``: the main
script, the chunks it loads from its own folder, their WebAssembly files and licence, and
the Vietnamese strings of ``decap-cms-locales`` (an ES module, registered by ``cms.js``).
No file comes from a CDN. Without ``node_modules/`` (``npm ci`` not run) the page says so
in Vietnamese and the rest of the site builds as usual.

These are outputs, not pages: not in the navigation, the search index or the sitemap; the
page also asks robots not to index it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cchc.cms.collections import field_folders
from cchc.cms.config import config_yaml
from cchc.core.config_file import read_config
from cchc.core.problems import ContentError
from cchc.core.settings import Settings
from cchc.procedures.model import Catalogue
from cchc.rendering.templates import TEMPLATE_DIR, render

ADMIN = "admin"
BUNDLE = "decap-cms/dist/decap-cms.js"
LOCALE = "decap-cms-locales/dist/esm/vi/index.js"
REPO_MODULES = Path(__file__).resolve().parents[3] / "node_modules"


def node_modules(root: Path) -> Path | None:
    """The ``node_modules/`` holding Decap: the project's, else the checkout's of this package."""
    for folder in (root / "node_modules", REPO_MODULES):
        if (folder / BUNDLE).is_file() and (folder / LOCALE).is_file():
            return folder
    return None


def vendor_files(modules: Path) -> dict[str, bytes]:
    """``{name: bytes}`` of the bundle as published under ``admin/vendor/``."""
    dist = (modules / BUNDLE).parent
    names = [p for p in dist.iterdir() if p.name.endswith("decap-cms.js") or p.suffix == ".wasm"]
    names += [dist / "decap-cms.js.LICENSE.txt"]
    files = {p.name: p.read_bytes() for p in sorted(names) if p.is_file()}
    files["decap-cms-locale-vi.js"] = (modules / LOCALE).read_bytes()
    return files


def _version(modules: Path, package: str) -> str:
    data = json.loads((modules / package / "package.json").read_text(encoding="utf-8"))
    return str(data.get("version", ""))


def preview_styles(settings: Settings) -> list[str]:
    """The site's style sheets, relative to ``admin/``: Material's, then ``extra_css``."""
    import material

    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    styles = [f"../assets/stylesheets/{p.name}" for p in sorted(sheets.glob("*.min.css"))]
    try:
        extra = read_config(settings.root / "mkdocs.yml").data.get("extra_css") or []
    except ContentError:
        extra = []
    styles += [f"../{path}" for path in extra if isinstance(path, str) and "://" not in path]
    return styles


def admin_files(settings: Settings, catalogue: Catalogue) -> dict[str, bytes]:
    """Every file of ``/admin/``, by site path."""
    modules = node_modules(settings.root)
    files = {f"{ADMIN}/config.yml": config_yaml(settings, catalogue).encode()}
    context: dict[str, Any] = {
        "site_name": settings.site_name,
        "installed": modules is not None,
        "data": {
            "styles": preview_styles(settings),
            "procedures": [f"thu-tuc-{folder}" for folder in field_folders(catalogue)],
        },
        "version": _version(modules, "decap-cms") if modules else "",
    }
    files[f"{ADMIN}/index.html"] = (render("cms/index.html", **context) + "\n").encode()
    files[f"{ADMIN}/admin.css"] = (TEMPLATE_DIR / "cms" / "admin.css").read_bytes()
    if modules is not None:
        files[f"{ADMIN}/cms.js"] = (TEMPLATE_DIR / "cms" / "cms.js").read_bytes()
        files[f"{ADMIN}/init.js"] = (TEMPLATE_DIR / "cms" / "init.js").read_bytes()
        for name, data in vendor_files(modules).items():
            files[f"{ADMIN}/vendor/{name}"] = data
    return files
