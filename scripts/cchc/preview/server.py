"""The preview's HTTP server: the last good build, with the live script and the problems.

Every request is answered at once from the last folder that built without error (a build in
progress or a broken save never holds a request). Each HTML page gets the live script
(``live.js``), which reloads the page as soon as the preview's version changes (its question
waits at the server until then), and, while the
content has problems, the overlay listing them (``templates/overlay.html``, autoescaped).
"""

from __future__ import annotations

import functools
import http.server
import json
import mimetypes
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from cchc.core.problems import Problem

PREFIX = "__xem-truoc__/"  # the preview's own addresses, below the site's path
# How long a page's question "has the site changed?" waits for a change. Short: a browser
# opens at most six connections to one server, and each open preview tab holds one.
WAIT_SECONDS = 1.0
_HERE = Path(__file__).parent


@functools.cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@dataclass
class State:
    """What the server shows: the last good folder and the problems of the last build."""

    site: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    message: str | None = None  # a failure that is not a list of problems (a machine fault)
    version: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)

    def good(self, site: Path) -> Path | None:
        """A build succeeded into ``site``: show it; returns the folder it replaces."""
        with self.lock:
            old, self.site = self.site, site
            self.problems, self.message = [], None
            self.version += 1
            self.lock.notify_all()
        return old

    def failed(self, problems: list[Problem], message: str | None = None) -> None:
        with self.lock:
            self.problems, self.message = problems, message
            self.version += 1
            self.lock.notify_all()

    def wait_change(self, seen: str, seconds: float) -> dict[str, int]:
        """The version and number of problems once the version is not ``seen`` any more,
        or after ``seconds`` (a page asks again: its request never stays open for long)."""
        with self.lock:
            self.lock.wait_for(lambda: str(self.version) != seen, timeout=seconds)
            return {"version": self.version, "problems": len(self.problems)}


def overlay_html(problems: list[Problem], message: str | None) -> str:
    files = len({p.file for p in problems})
    if problems:
        heading = f"Chưa xem trước được bài mới: có {len(problems)} lỗi trong {files} tệp"
    else:
        heading = "Chưa xem trước được bài mới"
    return (
        _templates().get_template("overlay.html").render(heading=heading, problems=problems, message=message)
    )


def inject(html: bytes, state: State, mount: str) -> bytes:
    """``html`` with the live script, and the overlay while there are problems."""
    with state.lock:
        version, problems, message = state.version, list(state.problems), state.message
    parts = (
        _templates()
        .get_template("live.html")
        .render(script=f"{mount}{PREFIX}live.js", state=f"{mount}{PREFIX}state", version=version)
    )
    if problems or message:
        parts = overlay_html(problems, message) + parts
    text = html.decode("utf-8", errors="replace")
    at = text.rfind("</body>")
    text = text[:at] + parts + text[at:] if at >= 0 else text + parts
    return text.encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``state.site`` under ``mount`` (the path of ``site_url``)."""

    state: State
    mount: str = "/"
    wait: float = WAIT_SECONDS
    server_version = "cchc-xem-truoc"

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the preview's own messages

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.mount):
            if path in ("/", ""):
                self._send(302, b"", "text/plain", {"Location": self.mount})
            else:
                self._send(404, f"Trang xem trước nằm ở {self.mount}".encode(), "text/plain")
            return
        rel = path[len(self.mount) :]
        if rel == PREFIX + "state":  # ?v=<version the page shows>: answered when it changes
            seen = parse_qs(urlsplit(self.path).query).get("v", [""])[0]
            body = self.state.wait_change(seen, self.wait if seen else 0)
            self._send(200, json.dumps(body).encode(), "application/json")
            return
        if rel == PREFIX + "live.js":
            self._send(200, (_HERE / "live.js").read_bytes(), "text/javascript")
            return
        self._file(rel)

    def _file(self, rel: str) -> None:
        site = self.state.site
        if site is None:
            empty = _templates().get_template("empty.html").render().encode("utf-8")
            self._send(200, inject(empty, self.state, self.mount), "text/html")
            return
        target = (site / rel).resolve()
        if target.is_dir():
            if rel and not rel.endswith("/"):
                self._send(301, b"", "text/plain", {"Location": self.mount + rel + "/"})
                return
            target = target / "index.html"
        status = 200
        if not target.is_relative_to(site.resolve()) or not target.is_file():
            status, target = 404, site / "404.html"
            if not target.is_file():
                self._send(404, "Không có trang này.".encode(), "text/plain")
                return
        try:
            data = target.read_bytes()
        except OSError:  # the folder was replaced while this request read it
            self._send(503, "Đang dựng lại trang, hãy tải lại.".encode(), "text/plain")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html" and not rel.startswith("admin/"):  # the CMS keeps its own page
            data = inject(data, self.state, self.mount)
        self._send(status, data, kind)

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def make_server(
    state: State, host: str, port: int, mount: str, wait: float = WAIT_SECONDS
) -> http.server.ThreadingHTTPServer:
    handler = type("PreviewHandler", (Handler,), {"state": state, "mount": mount, "wait": wait})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.block_on_close = False  # closing does not wait for the pages' open questions
    return server
