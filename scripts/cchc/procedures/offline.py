"""The procedures guide offline: the service worker file the build publishes as ``thu-tuc/sw.js``.

The worker (``rendering/templates/procedures/sw.js``) is JavaScript written once; the build
fills in its ``BUILD`` value: an id naming this build's cache (a digest of the site's other
outputs and the build time: a rebuilt site is a new worker, and a new cache) and the build
time the offline note shows. Served from the guide's folder, its scope is the guide.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from cchc.core.urls import PROCEDURES_DIR
from cchc.rendering.templates import TEMPLATE_DIR

PATH = f"{PROCEDURES_DIR}/sw.js"
_MARK = "var BUILD = {}; /* cchc:build */"


def build_id(files: Mapping[str, bytes | Path], built: datetime) -> str:
    """A short digest of the site's outputs (search index, feeds, data) and the build time;
    a file to copy (a cached picture) counts by its bytes, as it would if it were given as
    bytes (it is when the cache cannot be written): the same site, the same id."""
    digest = hashlib.sha256(built.isoformat().encode())
    for path in sorted(files):
        digest.update(b"\0" + path.encode() + b"\0" + _sha256(files[path]))
    return digest.hexdigest()[:12]


def _sha256(data: bytes | Path) -> bytes:
    if isinstance(data, Path):
        with data.open("rb") as file:
            return hashlib.file_digest(file, "sha256").digest()
    return hashlib.sha256(data).digest()


def service_worker(files: Mapping[str, bytes | Path], built: datetime) -> bytes:
    """``thu-tuc/sw.js`` for a build whose other outputs are ``files``."""
    source = (TEMPLATE_DIR / "procedures" / "sw.js").read_text(encoding="utf-8")
    value = {"id": build_id(files, built), "built": built.isoformat(timespec="minutes")}
    text = json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")
    return source.replace(_MARK, f"var BUILD = {text};", 1).encode()
