"""A folder of cached build products (share cards, image variants), one file per key.

Files are written whole or not at all, and a folder that cannot be read or written only
costs time: a miss is drawn again. ``prune`` removes what a build no longer uses once it is
old enough that no other build (the preview beside a build) may still read it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

KEEP_UNUSED_SECONDS = 3600  # as the render cache (rendering/cache.py)


class FileCache:
    """Files ``folder/<name>`` (a name is a key and its extension); ``folder`` ``None``:
    nothing is kept."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path | None:
        return self.folder / name if self.folder is not None else None

    def get(self, name: str) -> bytes | None:
        path = self._path(name)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def use(self, name: str) -> Path | None:
        """The file holding ``name``, when there is one (to copy without reading it), its
        time made now: no other build's ``prune`` removes it in the next hour."""
        path = self._path(name)
        if path is None:
            return None
        try:
            os.utime(path)
        except OSError:
            return None
        return path

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        if path is None:
            return
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()

    def prune(self, used: Iterable[str], now: float | None = None) -> int:
        """Remove the files not named in ``used`` and not written in the last
        ``KEEP_UNUSED_SECONDS`` (a write cut short included); the number removed."""
        if self.folder is None:
            return 0
        keep = set(used)
        limit = (time.time() if now is None else now) - KEEP_UNUSED_SECONDS
        removed = 0
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name in keep or not entry.is_file():
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < limit:
                        os.unlink(entry.path)
                        removed += 1
        return removed
