"""``python -m cchc preview``: build, serve on 127.0.0.1, rebuild on every save.

The address is the path of ``site_url`` on the chosen port (``http://127.0.0.1:8000/cchc/``
for the repository's settings), as ``mkdocs serve`` gave. Log lines are Vietnamese.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from cchc.core.config_file import read_config
from cchc.core.problems import ContentError
from cchc.preview.builder import Outcome, Rebuilder
from cchc.preview.server import State, make_server

log = logging.getLogger("cchc.preview")


def _mount(root: Path) -> str:
    """The path of ``site_url`` (``CCHC_SITE_URL`` first, as the build reads it)."""
    url = os.environ.get("CCHC_SITE_URL")
    if not url:
        try:
            url = str(read_config(root / "mkdocs.yml").data.get("site_url") or "/")
        except ContentError:
            url = "/"
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    handler.addFilter(_not_engine_build_lines)
    for name in ("cchc", "mkdocs"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
    logging.getLogger("cchc").setLevel(logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # MkDocs' progress lines are English


def _not_engine_build_lines(record: logging.LogRecord) -> bool:
    """MkDocs logs a failed build's message as "publishing failed" (the preview says it
    itself), and warns of each build into the folder being served (the preview's choice)."""
    if record.name != "mkdocs.commands.build":
        return True
    return record.levelno < logging.ERROR and not record.getMessage().startswith("A 'dirty' build")


def _port(root: Path) -> int:
    """The port of ``dev_addr`` in mkdocs.yml (what the scaffolds print), else 8000."""
    try:
        addr = str(read_config(root / "mkdocs.yml").data.get("dev_addr") or "")
    except ContentError:
        addr = ""
    tail = addr.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 8000


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the preview as Ctrl+C does: its folders are removed


def run(root: Path, port: int | None = None, host: str = "127.0.0.1") -> int:
    """Serve the preview on ``host`` (only this machine) until interrupted (Ctrl+C)."""
    _setup_logging()
    port = _port(root) if port is None else port
    mount = _mount(root)
    state = State()
    server = make_server(state, host, port, mount)
    address = f"http://{host}:{server.server_address[1]}{mount}"
    rebuilder: Rebuilder

    def report(outcome: Outcome) -> None:
        if outcome.site is not None:
            rebuilder.discard(state.good(outcome.site))
            log.info(f"Đã dựng xong trang xem trước ({outcome.seconds:.1f} giây): {address}")
            return
        state.failed(outcome.problems, outcome.message)
        log.warning(f"Có lỗi, trang xem trước vẫn là bản đúng gần nhất ({len(outcome.problems)} lỗi):")
        for problem in outcome.problems:
            log.warning(f"  - {problem.format()}")
        if outcome.message:
            log.warning(outcome.message)

    rebuilder = Rebuilder(root, address, report)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    signal.signal(signal.SIGTERM, _stop)
    try:  # Ctrl+C or SIGTERM at any point from here (even mid-message) ends here: the folders go
        thread.start()
        log.info(f"Trang xem trước (cả bản nháp và bài hẹn giờ): {address} — đang dựng lần đầu…")
        log.info("Lưu tệp là trang tự dựng lại; nhấn Ctrl+C để dừng.")
        rebuilder.build()
        rebuilder.watch()
    except KeyboardInterrupt:
        log.info("Đã dừng trang xem trước.")
    finally:
        if thread.is_alive():  # shutdown() waits for serve_forever, which must have started
            server.shutdown()
        server.server_close()
        rebuilder.close()
    return 0
