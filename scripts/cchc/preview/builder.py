"""Building the preview: MkDocs with the package's adapter, in this process.

The first build, and a build after a change outside ``posts/``, makes a new folder; a
saved post is built into the folder being served, only its changed pages written again
(``session.py``), and shown before the feeds and the search index are written. The
adapter sees the command ``serve``: drafts and scheduled posts are built and nothing is
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

import mkdocs_hooks
from cchc.build import faults, publish
from cchc.build.pipeline import SiteBuild
from cchc.core.config_file import read_config
from cchc.core.problems import ContentError, Problem
from cchc.preview.session import Session

WATCHED = ("posts", "docs", "overrides", "mkdocs.yml")
ADAPTER_FILE = "mkdocs_hooks.py"  # the hooks file of mkdocs.yml that the preview replaces


@dataclass
class Outcome:
    """One build: the folder it wrote (``None`` when it failed) and what went wrong."""

    site: Path | None
    problems: list[Problem]
    message: str | None
    seconds: float
    build: SiteBuild | None = None  # a good build, whose outputs are still to be written


def _content_error(error: BaseException | None) -> ContentError | None:
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, ContentError):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def build_once(root: Path, out: Path, site_url: str, session: Session, *, dirty: bool = False) -> Outcome:
    """Build the pages of the site of ``root`` into ``out`` as the preview shows them (the
    outputs, feeds and search index, are ``write_outputs``'s). ``dirty``: ``out`` holds the
    last good build, and only the pages that changed are written again (``session.py``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.monotonic()
    session.start(dirty)
    config = None
    try:
        config = load_config(
            config_file=str(root / "mkdocs.yml"), site_dir=str(out), hooks=_other_hooks(root)
        )
        config.site_url = site_url
        config.plugins["cchc"] = mkdocs_hooks.events(mkdocs_hooks.Adapter(session))
        config.plugins.on_startup(command="serve", dirty=session.dirty)
        build(config, dirty=session.dirty)
    except (Exception, SystemExit) as error:  # MkDocs ends a failed build with Abort (SystemExit)
        return _failed(error, out, session, time.monotonic() - start)
    finally:
        if config is not None:
            config.plugins.on_shutdown()
    for dest in session.written():
        (out / dest).unlink(missing_ok=True)
    return Outcome(out, [], None, time.monotonic() - start, session.build)


def _failed(error: BaseException, out: Path, session: Session, seconds: float) -> Outcome:
    found = _content_error(error)
    if found is None:  # a fault while the pages were written: the folder may be half done
        session.forget()
    if not session.dirty:
        shutil.rmtree(out, ignore_errors=True)
    if found is not None:
        return Outcome(None, [p for p in found.problems if not p.warning], None, seconds)
    cause = error.__context__ if isinstance(error, SystemExit) and error.__context__ else error
    return Outcome(None, [], str(cause) or type(cause).__name__, seconds)


def _other_hooks(root: Path) -> list[str]:
    """The hooks of ``mkdocs.yml`` but this package's adapter (the preview adds its own)."""
    try:
        hooks = read_config(root / "mkdocs.yml").data.get("hooks") or []
    except ContentError:
        return []  # MkDocs reads the file again and says what is wrong with it
    return [str(h) for h in hooks if Path(str(h)).name != ADAPTER_FILE]


def write_outputs(outcome: Outcome, session: Session) -> Outcome:
    """The outputs of a good build written into its folder (those that changed, when it
    is the folder of the last one); a failure as its message."""
    if outcome.site is None or outcome.build is None:
        return outcome
    try:
        publish.write_files(outcome.site, session.changed_outputs(outcome.build.outputs()))
    except Exception as error:  # shown to the official; the preview goes on
        root = outcome.build.settings.root
        found = faults.report(error, root, "preview") if faults.is_fault(error) else str(error)
        return Outcome(None, [], f"Lỗi khi tạo chỉ mục tìm kiếm và nguồn tin: {found}", outcome.seconds)
    return outcome


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
    """Builds once, then again after every change to the watched files.

    A change to files of ``posts/`` only is built into the folder being served, and the
    page is shown before the outputs are written; any other change builds a new folder,
    shown once it is complete."""

    def __init__(
        self,
        root: Path,
        site_url: str,
        on_outcome: Callable[[Outcome], None],
        *,
        interval: float = 0.1,
    ) -> None:
        self.root = root
        self.site_url = site_url
        self.on_outcome = on_outcome
        self.interval = interval
        self.work = Path(tempfile.mkdtemp(prefix="cchc-xem-truoc-"))
        self.count = 0
        self.stop = threading.Event()
        self.session = Session()
        self.site: Path | None = None  # the folder of the last good build (served)
        self.seen: dict[str, tuple[int, int]] = {}  # the watched files as the last build began

    def build(self, changed: list[str] | None = None) -> Outcome:
        """Build after ``changed`` (absolute paths; ``None``: the first build)."""
        self.seen = snapshot(self.root)  # a save from now on is built after this build
        if self._can_update(changed):
            assert self.site is not None
            outcome = build_once(self.root, self.site, self.site_url, self.session, dirty=True)
            if outcome.site is not None:
                self.on_outcome(outcome)  # the page is shown, then its outputs are written
                return self._outputs(outcome, shown=True)
            if self.session.pages:  # the content has problems: nothing was written
                self.on_outcome(outcome)
                return outcome
            # a fault while the pages were written: a new folder is built
        self.count += 1
        out = self.work / f"site-{self.count}"
        outcome = self._outputs(build_once(self.root, out, self.site_url, self.session), shown=False)
        if outcome.site is None:
            shutil.rmtree(out, ignore_errors=True)
            self.session.forget()  # the next build makes a new folder too
        self.on_outcome(outcome)
        return outcome

    def _can_update(self, changed: list[str] | None) -> bool:
        """Whether the build may write into the folder being served: only posts changed."""
        if self.site is None or not self.session.pages or not changed:
            return False
        return all(Path(os.path.relpath(c, self.root)).parts[:1] == ("posts",) for c in changed)

    def _outputs(self, outcome: Outcome, *, shown: bool) -> Outcome:
        written = write_outputs(outcome, self.session)
        if written.site is not None:
            self.site = written.site
        elif outcome.site is not None:  # the pages were made, their outputs failed
            self.session.forget()
            if shown:
                self.on_outcome(written)
        return written

    def watch(self) -> None:
        """Rebuild after each change until ``stop`` is set (a save is waited for to settle);
        a save made while a build ran (the first one included) is built after it."""
        while not self.stop.wait(self.interval):
            seen, now = self.seen, snapshot(self.root)
            if now == seen:
                continue
            time.sleep(0.05)  # an editor may write a file in more than one step
            now = snapshot(self.root)
            changed = sorted(
                {*now.keys() ^ seen.keys(), *(k for k in now if k in seen and now[k] != seen[k])}
            )
            names = ", ".join(os.path.relpath(c, self.root) for c in changed[:3])
            logging.getLogger("cchc.preview").info(f"Tệp đã thay đổi: {names}. Đang dựng lại…")
            self.build(changed)

    def discard(self, site: Path | None) -> None:
        """Remove a folder no longer served (a request may still read it: a little later)."""
        if site is not None and site != self.site:
            timer = threading.Timer(5.0, shutil.rmtree, args=(site,), kwargs={"ignore_errors": True})
            timer.daemon = True
            timer.start()

    def close(self) -> None:
        self.stop.set()
        shutil.rmtree(self.work, ignore_errors=True)
