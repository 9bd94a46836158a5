"""Search benchmark: build N synthetic Vietnamese posts, then measure the search index.

Prints: index bytes on disk (raw and gzip), bytes a page view transfers (and how many
of them are search files: must be 0), bytes the first query transfers until its results
have settled with excerpts (response headers and gzip bodies, as served by a gzip-capable
static server, counted on the wire) and the time from the last keystroke to the first
result list in Debian's Chromium, for several queries typed at several speeds.

    .venv/bin/python scripts/bench_search.py            # 5 000 posts
    .venv/bin/python scripts/bench_search.py --posts 500 --keep /tmp/bench-site

The synthetic posts are sentences recombined from the repository's own posts, with
generated names and document numbers, so word frequencies look like real CCHC news.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-25T12:00:00+07:00"
PREFIX = "/cchc/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERIES = (
    "thu tuc khai sinh",
    "đăng ký kết hôn",
    "DANG KY HO KINH DOANH",
    "dat dai",
    "li lich tu phap",
    "hoà giải",
    "cải cách hành chính",
    "dich vu cong truc tuyen",
)
CATEGORIES = ("Tin tức", "Thông báo", "Báo cáo", "Kế hoạch", "Văn bản", "Hỏi đáp")
SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
)
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phúc", "Quân", "Quý", "Sơn", "Tâm", "Thảo",
    "Thủy", "Trang", "Trung", "Tuấn", "Uyên", "Vân", "Việt", "Xuân", "Yến",
)  # fmt: skip
DOC_TYPES = (
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("CV", "Công văn"),
)


# --- synthetic content ---------------------------------------------------------------------


def _seed_sentences() -> list[str]:
    """Prose sentences of the repository's posts (front matter and markup removed)."""
    sentences: list[str] = []
    for path in sorted((REPO / "posts").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("---", 2)[2] if text.startswith("---") else text
        body = re.sub(r"[*_`#>|]|\[([^\]]*)\]\([^)]*\)|^\s*[-\d.]+\s", r"\1", body, flags=re.M)
        for sentence in re.split(r"(?<=[.;:?!])\s+|\n+", body):
            sentence = " ".join(sentence.split())
            if 6 <= len(sentence.split()) <= 60:
                sentences.append(sentence)
    if not sentences:
        sentences = ["Ủy ban nhân dân xã tiếp nhận hồ sơ thủ tục hành chính tại Bộ phận Một cửa."]
    return sentences


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(('Văn', 'Thị', 'Đức', 'Minh'))} {rng.choice(GIVEN)}"


def _sentence(rng: random.Random, sentences: list[str]) -> str:
    """A seed sentence, sometimes spliced with another, a name or a document number."""
    first = rng.choice(sentences).split()
    roll = rng.random()
    if roll < 0.3:
        second = rng.choice(sentences).split()
        cut = rng.randrange(2, max(3, len(first)))
        first = first[:cut] + second[rng.randrange(0, max(1, len(second) - 2)) :]
    elif roll < 0.4:
        first.insert(rng.randrange(len(first)), f"ông (bà) {_name(rng)}")
    elif roll < 0.5:
        code, name = rng.choice(DOC_TYPES)
        number = f"{rng.randrange(1, 400)}/{code}-UBND"
        first.append(f"theo {name} số {number} ngày {rng.randrange(1, 29)}/{rng.randrange(1, 13)}")
    text = " ".join(first).rstrip(".;:,")
    return text[0].upper() + text[1:] + "."


def synthetic_posts(count: int, seed: int = 5) -> dict[str, str]:
    """``count`` post files ``{path under posts/: text}``, deterministic for a seed."""
    rng = random.Random(seed)
    sentences = _seed_sentences()
    posts: dict[str, str] = {}
    for number in range(count):
        year = 2019 + number * 8 // max(count, 1)
        date = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        title_words = rng.choice(sentences).split()[: rng.randrange(6, 14)]
        title = " ".join(title_words).rstrip(".,;:")
        title = title.replace('"', "'")
        paragraphs = []
        for _ in range(rng.randrange(3, 9)):
            paragraphs.append(" ".join(_sentence(rng, sentences) for _ in range(rng.randrange(2, 6))))
        body = "\n\n".join(paragraphs)
        if rng.random() < 0.5:
            body = body.replace("\n\n", f"\n\n## {rng.choice(sentences)[:60].rstrip('.,;:')}\n\n", 1)
        category = rng.choice(CATEGORIES)
        slug = f"bai-{number + 1:05d}"
        posts[f"{year}/{slug}.md"] = (
            f'---\ntitle: "{title}"\nslug: {slug}\ndate: {date}\ncategories: [{category}]\n---\n\n{body}\n'
        )
    return posts


# --- building ------------------------------------------------------------------------------


def make_project(root: Path, posts: dict[str, str]) -> Path:
    """A throw-away project: the repo's config, code, templates and pages, given posts."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "docs", root / "docs")  # home, about and the procedures
    for rel, text in posts.items():
        path = root / "posts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(project: Path) -> tuple[Path, float]:
    env = dict(
        os.environ, CCHC_NOW=NOW, CCHC_SITE_URL="https://example.gov.vn/cchc/", NO_MKDOCS_2_WARNING="1"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return project / "site", time.perf_counter() - start


@dataclass
class DiskFigures:
    files: int = 0
    raw: int = 0
    gzip: int = 0
    vocabulary_raw: int = 0
    vocabulary_gzip: int = 0
    largest: list[tuple[int, str]] = field(default_factory=list)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def disk_figures(site: Path) -> DiskFigures:
    figures = DiskFigures()
    sizes = []
    for path in sorted((site / "search").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            figures.files += 1
            figures.raw += len(data)
            packed = gzip_size(data)
            figures.gzip += packed
            sizes.append((packed, path.relative_to(site).as_posix()))
    vocabulary = (site / "search" / "index.json").read_bytes()
    figures.vocabulary_raw = len(vocabulary)
    figures.vocabulary_gzip = gzip_size(vocabulary)
    figures.largest = sorted(sizes, reverse=True)[:6]
    return figures


# --- serving with gzip, counting bytes on the wire ----------------------------------------


class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.entries.append((path, size))

    def mark(self) -> int:
        with self.lock:
            return len(self.entries)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.entries[mark:])


def _handler(site: Path, log: _Log) -> type[http.server.BaseHTTPRequestHandler]:
    types = {
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
        ".txt": "text/plain; charset=utf-8",
        ".js": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".xml": "application/xml",
    }
    packed_types = {".html", ".json", ".txt", ".js", ".css", ".svg", ".xml"}  # what servers usually gzip

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            rel = path[len(PREFIX) :] if path.startswith(PREFIX) else None
            target = site / rel if rel is not None else None
            if target is not None and target.is_dir():
                target = target / "index.html"
            if target is None or not target.is_file():
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                log.add(path, 0)
                return
            data = target.read_bytes()
            packed = target.suffix in packed_types and "gzip" in self.headers.get("Accept-Encoding", "")
            if packed:
                data = gzip.compress(data, 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", types.get(target.suffix, "application/octet-stream"))
            if packed:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            headers = sum(len(line) for line in self._headers_buffer) + 2  # type: ignore[attr-defined]
            self.end_headers()
            self.wfile.write(data)
            log.add(path, headers + len(data))

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def serve(site: Path) -> Iterator[tuple[str, _Log]]:
    log = _Log()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", log
    finally:
        server.shutdown()
        server.server_close()


# --- the browser part ------------------------------------------------------------------------

# Records, in the page, when the last keystroke happened and when the results for the whole
# query (not an earlier part of it) first showed.
_TIMING_JS = """
() => {
  window.__t = {key: 0, shown: 0};
  const input = document.querySelector('#cchc-search-input');
  input.addEventListener('input', () => { window.__t.key = performance.now(); window.__t.shown = 0; });
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => {
    if (!window.__t.shown && list.dataset.query === input.value) window.__t.shown = performance.now();
  }).observe(list, {attributes: true, childList: true, subtree: true});
}
"""


@dataclass
class QueryFigures:
    query: str
    bytes: int
    requests: int
    first_result_ms: float
    top: str


def browser_figures(
    base: str, log: _Log, page_url: str, delay_ms: int
) -> tuple[int, int, int, list[QueryFigures]]:
    """(page view bytes, page view requests, search files in the page view, per-query figures)."""
    from playwright.sync_api import sync_playwright

    results: list[QueryFigures] = []
    view_bytes = view_requests = view_search = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number, query in enumerate(QUERIES):
            context = browser.new_context()  # a cold cache for every query
            page = context.new_page()
            mark = log.mark()
            page.goto(base + page_url, wait_until="networkidle")
            view = log.since(mark)
            if number == 0:
                view_bytes = sum(size for _, size in view)
                view_requests = len(view)
                view_search = sum(1 for path, _ in view if "/search/" in path)
            page.evaluate(_TIMING_JS)
            mark = log.mark()
            box = page.locator("#cchc-search-input")
            box.click()
            box.press_sequentially(query, delay=delay_ms)
            page.wait_for_function("() => window.__t.shown > 0", timeout=20000)
            page.wait_for_function(
                "q => document.getElementById('cchc-search-list').dataset.settled === q", arg=query
            )
            page.wait_for_load_state("networkidle")
            timing = page.evaluate("() => window.__t.shown - window.__t.key")
            top = page.locator(".cchc-search-result__title").first.inner_text()
            transferred = log.since(mark)
            results.append(QueryFigures(query, sum(s for _, s in transferred), len(transferred), timing, top))
            context.close()
        browser.close()
    return view_bytes, view_requests, view_search, results


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def lead_project(root: Path, count: int) -> Path:
    """The lead's build benchmark project (scripts/bench.py): uniform random words."""
    sys.path.insert(0, str(REPO / "scripts"))
    import bench

    return bench.make_bench_project(root, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    generators = "seed: sentences of the repo's posts (default); lead: scripts/bench.py"
    parser.add_argument("--generator", choices=("seed", "lead"), default="seed", help=generators)
    parser.add_argument("--keep", type=Path, help="build here and keep the project")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--delays", type=int, nargs="*", default=[40, 200, 400], help="ms between keys")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="cchc-bench-search-"))
    try:
        if args.site:
            site = args.site
        else:
            if args.keep and workdir.exists():
                shutil.rmtree(workdir)
            if args.generator == "lead":
                project = lead_project(workdir, args.posts)
            else:
                project = make_project(workdir, synthetic_posts(args.posts))
            site, seconds = build(project)
            print(f"posts: {args.posts} ({args.generator} generator); build: {seconds:.1f} s")
        disk = disk_figures(site)
        print(f"index on disk: {disk.files} files, {kb(disk.raw)} raw, {kb(disk.gzip)} gzip (sum of files)")
        print(f"vocabulary search/index.json: {kb(disk.vocabulary_raw)} raw, {kb(disk.vocabulary_gzip)} gzip")
        print("largest files (gzip): " + ", ".join(f"{p} {kb(s)}" for s, p in disk.largest))
        first_post = sorted(p.parent.name for p in (site / "tin-tuc").glob("*/index.html"))[0]
        for delay in args.delays:
            with serve(site) as (base, log):
                view_bytes, view_requests, view_search, queries = browser_figures(
                    base, log, f"tin-tuc/{first_post}/", delay
                )
            if delay == args.delays[0]:
                print(f"page view: {kb(view_bytes)} in {view_requests} requests; search files: {view_search}")
            print(f"first query (cold cache), typed at {delay} ms per key:")
            for q in queries:
                print(
                    f"  {q.query!r:28} {kb(q.bytes):>9} in {q.requests:2} requests; "
                    f"first result {q.first_result_ms:5.0f} ms after the last key; top: {q.top[:50]}"
                )
    finally:
        if not args.keep and not args.site:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
