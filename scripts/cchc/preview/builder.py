"""Building the preview: MkDocs with the hooks, in this process, into a new folder each time.

The hooks see the command ``serve``: drafts and scheduled posts are built and nothing is
published. A build whose content has problems raises the checker's ``ContentError`` inside
the hooks; it is found again in the exception chain so the overlay shows each problem with
its file, line, field and fix. MkDocs' own English progress lines are silenced; the preview
says in Vietnamese what it does.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cchc.core.problems import ContentError, Problem

WATCHED = ("posts", "docs", "overrides", "mkdocs.yml")


@dataclass
class Outcome:
    """One build: the folder it wrote (``None`` when it failed) and what went wrong."""

    site: Path | None
    problems: list[Problem]
    message: str | None
    seconds: float


def _content_error(error: BaseException | None) -> ContentError | None:
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, ContentError):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def build_once(root: Path, out: Path, site_url: str) -> Outcome:
    """Build the site of ``root`` into ``out`` as the preview shows it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.monotonic()
    config = None
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out))
        config.site_url = site_url
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, dirty=False)
    except (Exception, SystemExit) as error:  # MkDocs ends a failed build with Abort (SystemExit)
        found = _content_error(error)
        shutil.rmtree(out, ignore_errors=True)
        seconds = time.monotonic() - start
        if found is not None:
            return Outcome(None, [p for p in found.problems if not p.warning], None, seconds)
        cause = error.__context__ if isinstance(error, SystemExit) and error.__context__ else error
        return Outcome(None, [], str(cause) or type(cause).__name__, seconds)
    finally:
        if config is not None:
            config.plugins.on_shutdown()
    return Outcome(out, [], None, time.monotonic() - start)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every watched file (hidden files and folders skipped)."""
    found: dict[str, tuple[int, int]] = {}
    for path in _watched_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _watched_files(root: Path) -> Iterator[Path]:
    for name in WATCHED:
        top = root / name
        if top.is_file():
            yield top
        elif top.is_dir():
            for folder, dirs, files in os.walk(top):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for file in files:
                    if not file.startswith(".") and not file.endswith("~"):
                        yield Path(folder) / file


class Rebuilder:
    """Builds once, then again after every change to the watched files."""

    def __init__(
        self,
        root: Path,
        site_url: str,
        on_outcome: Callable[[Outcome], None],
        *,
        interval: float = 0.2,
    ) -> None:
        self.root = root
        self.site_url = site_url
        self.on_outcome = on_outcome
        self.interval = interval
        self.work = Path(tempfile.mkdtemp(prefix="cchc-xem-truoc-"))
        self.count = 0
        self.stop = threading.Event()

    def build(self) -> Outcome:
        self.count += 1
        outcome = build_once(self.root, self.work / f"site-{self.count}", self.site_url)
        self.on_outcome(outcome)
        return outcome

    def watch(self) -> None:
        """Rebuild after each change until ``stop`` is set (a save is waited for to settle)."""
        seen = snapshot(self.root)
        while not self.stop.wait(self.interval):
            now = snapshot(self.root)
            if now == seen:
                continue
            changed = sorted(
                {*now.keys() ^ seen.keys(), *(k for k in now if k in seen and now[k] != seen[k])}
            )
            time.sleep(0.05)  # an editor may write a file in more than one step
            seen = snapshot(self.root)
            names = ", ".join(os.path.relpath(c, self.root) for c in changed[:3])
            logging.getLogger("cchc.preview").info(f"Tệp đã thay đổi: {names}. Đang dựng lại…")
            self.build()

    def discard(self, site: Path | None) -> None:
        """Remove a folder no longer served (a request may still read it: a little later)."""
        if site is not None:
            timer = threading.Timer(5.0, shutil.rmtree, args=(site,), kwargs={"ignore_errors": True})
            timer.daemon = True
            timer.start()

    def close(self) -> None:
        self.stop.set()
        shutil.rmtree(self.work, ignore_errors=True)
