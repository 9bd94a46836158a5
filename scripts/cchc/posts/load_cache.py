"""Posts read once per preview session: a saved edit re-reads only the files it changed.

The preview keeps one ``LoadCache`` between its builds (``load_posts(..., cache=)``). What
reading a post file gave (``Loaded``) is reused while the file and every file published
with it (cover image, attachments, body images) keep their size and modification time, the
settings are the same, and the post is still on the same side of "now" (scheduled or not).
A file whose reading found an error is always read again: an error may name a file that
was missing (an image not yet copied beside the post), which no key here can see appear.
Links between posts are resolved after every read (``loading._linked``), never kept.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc.core.settings import Settings

if TYPE_CHECKING:
    from cchc.posts.loading import Loaded

Stat = tuple[int, int] | None  # (modification time in ns, size); None: no such file


def _stat(path: Path) -> Stat:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size)


class LoadCache:
    """``Loaded`` by post file, with the state of the files it was read from."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._entries: dict[Path, tuple[Stat, tuple[tuple[Path, Stat], ...], Loaded]] = {}
        self.reused = 0  # how many reads the last build saved (the preview's log, the tests)

    def start(self, settings: Settings) -> None:
        """A new build with ``settings``: what other settings read is dropped."""
        if settings != self._settings:
            self._entries.clear()
            self._settings = settings
        self.reused = 0

    def stat(self, path: Path) -> Stat:
        """The state of ``path`` as a key: taken *before* the file is read."""
        return _stat(path)

    def get(self, path: Path, stat: Stat, now: datetime) -> Loaded | None:
        entry = self._entries.get(path)
        if entry is None or stat is None or entry[0] != stat:
            return None
        _, assets, loaded = entry
        post = loaded.post
        if post is None or post.scheduled != (post.date > now):
            return None
        if any(_stat(source) != state for source, state in assets):
            return None
        self.reused += 1
        return loaded

    def put(self, path: Path, stat: Stat, loaded: Loaded) -> None:
        if stat is None or loaded.post is None or any(not p.warning for p in loaded.problems):
            self._entries.pop(path, None)
            return
        assets = tuple((a.source, _stat(a.source)) for a in loaded.post.assets)
        self._entries[path] = (stat, assets, loaded)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files that are gone (a post deleted or renamed)."""
        for path in [p for p in self._entries if p not in paths]:
            del self._entries[path]
