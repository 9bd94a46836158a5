"""First-visit benchmark: Lighthouse (mobile) on the built site, served gzipped on 127.0.0.1.

    .venv/bin/python scripts/bench_lighthouse.py                 # the sample site (repo content)
    .venv/bin/python scripts/bench_lighthouse.py --posts 5000    # + 5 000 synthetic posts (bench.py)
    .venv/bin/python scripts/bench_lighthouse.py --site DIR      # a site already built for /cchc/

Builds the repository's content (with ``--posts N``, plus N synthetic posts from
``scripts/bench.py``) into a temporary folder, serves it under ``/cchc/`` the way
``deploy/nginx.conf`` does (the build's precompressed ``.gz`` files, other text gzipped at
level 5 from 1 KB, the same Cache-Control and security headers), and runs npm ``lighthouse``
(pinned in package.json) with Debian's Chromium, mobile emulation and Lighthouse's default
simulated throttling, on the home page, a post with an image, a procedure and the documents
register. Prints the four scores per page, then every resource of the first visit with its
transferred (gzipped) bytes. Figures, not a test: ``tests/test_budget_browser.py`` asserts
the stable part (bytes).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PREFIX = "/cchc/"
PAGES = {
    "home": "",
    "post": "tin-tuc/chinh-quyen-dia-phuong-hai-cap-chinh-thuc-van-hanh-tu-ngay-01-7-2025/",
    "procedure": "thu-tuc/ho-tich/dang-ky-khai-sinh/",
    "documents register": "van-ban/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# As deploy/nginx.conf (gzip_types, gzip_min_length, gzip_comp_level, headers).
GZIP_TYPES = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/xml",
        "application/javascript",
        "text/javascript",
        "application/json",
        "application/rss+xml",
        "application/atom+xml",
        "image/svg+xml",
    }
)
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")
_MEDIA = re.compile(r"\.(png|jpe?g|gif|webp|ico|pdf|docx?|xlsx?|odt|ods|zip)$", re.IGNORECASE)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under PREFIX only, gzipped like the site's nginx configuration."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".webp": "image/webp",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        clean = self.path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            self.send_error(404)
            return None
        path = Path(self.translate_path("/" + clean[len(PREFIX) :]))
        if path.is_dir():
            if not clean.endswith("/"):
                self.send_response(301)
                self.send_header("Location", clean + "/")
                self.end_headers()
                return None
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        ctype = self.guess_type(str(path))
        data = path.read_bytes()
        encoded = False
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.split(";")[0] in GZIP_TYPES:
            precompressed = path.with_name(path.name + ".gz")
            if precompressed.is_file():
                data, encoded = precompressed.read_bytes(), True
            elif len(data) >= 1024:
                data, encoded = gzip.compress(data, compresslevel=5, mtime=0), True
        self.send_response(status)
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        if _FINGERPRINTED.search(path.name):
            cache = "public, max-age=31536000, immutable"
        elif _MEDIA.search(path.name):
            cache = "public, max-age=86400"
        else:
            cache = "no-cache"
        self.send_header("Cache-Control", cache)
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_gzip(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` gzipped at ``http://127.0.0.1:<port>/cchc/``; yields that URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def build(root: Path, posts: int, site_url: str) -> Path:
    """The repository's content (plus ``posts`` synthetic posts) built into ``root/site``."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench import make_bench_project, write_synthetic_posts

    project = make_bench_project(root / "project", 0)
    if posts:
        write_synthetic_posts(project / "posts", posts)
    else:
        shutil.rmtree(project / "posts", ignore_errors=True)
    shutil.copytree(REPO / "posts", project / "posts", dirs_exist_ok=True)
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        CCHC_NOW="2026-11-25T12:00:00+07:00",
        CCHC_SITE_URL=site_url,
    )
    site = root / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    done = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return site


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> tuple[dict[str, int], list[tuple[str, str, int]], list[str]]:
    """Scores (0–100), resources (type, URL, bytes transferred) and the failed audits."""
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    items = report["audits"]["network-requests"]["details"]["items"]
    resources = [(i.get("resourceType", "?"), i["url"], int(i.get("transferSize", 0))) for i in items]
    failed = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                failed.append(f"{category}: {ref['id']} ({audit['score']}) {audit.get('displayValue', '')}")
    return scores, resources, failed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=0, help="synthetic posts added to the repository's")
    parser.add_argument("--site", type=Path, help="a site already built for /cchc/ (no build)")
    parser.add_argument("--json", type=Path, help="keep the Lighthouse reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("npm ci first: node_modules/.bin/lighthouse is missing")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="cchc-lighthouse-") as tmp:
        root = Path(tmp)
        site = args.site or build(root, args.posts, f"http://127.0.0.1:{port}{PREFIX}")
        reports = args.json or root / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        print(f"site: {site} ({'given' if args.site else f'{args.posts} synthetic posts + the repository'})")
        with serve_gzip(site, port) as base:
            for name, url in PAGES.items():
                report = lighthouse(base + url, reports / f"{name.replace(' ', '-')}.json")
                scores, resources, failed = summary(report)
                total = sum(size for _, _, size in resources)
                line = " / ".join(f"{c} {s}" for c, s in scores.items())
                print(f"\n{name} ({url or '/'}): {line}; {len(resources)} requests, {total / 1024:.1f} KB")
                for kind, res_url, size in resources:
                    print(f"    {size / 1024:7.1f} KB  {kind:<10} {res_url.removeprefix(base)}")
                for item in failed:
                    print(f"    not passed: {item}")


if __name__ == "__main__":
    main()
