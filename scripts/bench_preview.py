"""Preview benchmark: N synthetic posts, ``python -m cchc preview``, one post open in Chromium;
a saved edit to that post → the open page shows the new text. Median of 10 (and each figure).

    .venv/bin/python scripts/bench_preview.py               # N = 1 000
    .venv/bin/python scripts/bench_preview.py --posts 100 --edits 5

Not a test: figures only. Uses Debian's Chromium (Playwright, no browser download).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import bench

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cchc.core.text import slugify

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the preview did not show {url} in {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cchc-bench-preview-") as tmp:
        project = bench.make_bench_project(Path(tmp) / "p", args.posts)
        source = project / "posts" / "2023" / "bai-00001.md"
        original = source.read_text(encoding="utf-8")
        port = free_port()
        env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"), CCHC_NOW="2026-11-25T12:00:00+07:00")
        env.pop("CCHC_SITE_URL", None)
        command = [sys.executable, "-m", "cchc", "preview", "--root", str(project), "--port", str(port)]
        server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            start = time.monotonic()
            title = original.split("title: ", 1)[1].split("\n", 1)[0]
            post_url = f"http://127.0.0.1:{port}/cchc/tin-tuc/{slugify(title)}/"
            wait_for(post_url, title, 900)
            print(f"{args.posts} posts: first build and serve {time.monotonic() - start:.1f} s", flush=True)
            figures: list[float] = []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(post_url)
                for number in range(args.edits):
                    marker = f"Dấu sửa số {number} {time.time_ns()}"
                    time.sleep(1.0)  # the watcher's snapshot is settled
                    begin = time.monotonic()
                    source.write_text(original + f"\n{marker}\n", encoding="utf-8")
                    page.wait_for_function(
                        f"() => document.body && document.body.innerText.includes({marker!r})",
                        timeout=120_000,
                    )
                    figures.append(time.monotonic() - begin)
                    print(f"  edit {number + 1}: {figures[-1]:.2f} s", flush=True)
                browser.close()
            print(
                f"{args.posts} posts: edit → page updated, median of {len(figures)}: "
                f"{statistics.median(figures):.2f} s (min {min(figures):.2f}, max {max(figures):.2f})"
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


if __name__ == "__main__":
    main()
