"""Benchmark of hostile content: time and peak memory of a real ``mkdocs build`` of each worst case.

    .venv/bin/python scripts/bench_hostile.py [--timeout 300] [--case NAME] [--post-bytes N]

Each case is a throw-away project (the repository's ``mkdocs.yml``, code and templates, its
``docs/index.md`` and ``docs/gioi-thieu.md``, one hostile post) built by ``python -m mkdocs
build`` in a child process; the child's own peak memory comes from ``os.wait4`` (the
content is written by another child, so that the build does not inherit its memory).
``--post-bytes`` raises ``extra.limits.post_bytes`` so that the other limits are measured
on files the size limit would refuse first. The
"before" column is what issue 17 measured before the limits (``cchc.core.limits``) existed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAD = "---\ntitle: Bài thử\ndate: 2024-03-05\ncategories: [Tin tức]\n"


def _post(extra: str = "", body: str = "Nội dung.\n") -> dict[str, bytes]:
    return {"a.md": f"{HEAD}{extra}---\n\n{body}".encode()}


def _alias_bomb() -> dict[str, bytes]:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    return _post("\n".join(lines) + "\ntags: *l8\n")


def _big_post() -> dict[str, bytes]:
    return _post(body="Đoạn văn bản của bài viết, lặp lại nhiều lần. " * (50 * 1024 * 1024 // 52))


def _headings() -> dict[str, bytes]:
    return _post(body="".join(f"## Mục {i}\n\nchữ\n\n" for i in range(100_000)))


def _deep_list() -> dict[str, bytes]:
    return _post(body="".join("    " * i + "- mục\n" for i in range(1000)))


def _deep_emphasis() -> dict[str, bytes]:
    return _post(body="*_" * 25_000 + "chữ" + "_*" * 25_000 + "\n")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _big_png() -> dict[str, bytes]:
    return {**_post(body="![Ảnh](lon.png)\n"), "lon.png": _png(20_000, 20_000)}


def _tags() -> dict[str, bytes]:
    return _post("tags: [" + ", ".join(f"thẻ {i}" for i in range(10_000)) + "]\n")


# name -> (content, the figure issue 17 measured before the limits)
CASES: dict[str, tuple[Callable[[], dict[str, bytes]], str]] = {
    "alias bomb (9 levels)": (_alias_bomb, "> 240 s, unbounded memory (killed)"),
    "50 MB post": (_big_post, "1.5 GB"),
    "100 000 headings": (_headings, "664 MB"),
    "list nested 1 000 deep": (_deep_list, "64 s, 1.5 GB, then a crash"),
    "emphasis nested 50 000 deep": (_deep_emphasis, "traceback"),
    "20 000 x 20 000 PNG header": (_big_png, "traceback"),
    "10 000 tags": (_tags, "169 s"),
}


def project(root: Path, posts: dict[str, bytes], post_bytes: int | None) -> Path:
    root.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if post_bytes:
        config = config.replace("\nextra:\n", f"\nextra:\n  limits:\n    post_bytes: {post_bytes}\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    (root / "docs").mkdir()
    for name in ("index.md", "gioi-thieu.md"):
        shutil.copy(REPO / "docs" / name, root / "docs" / name)
    for rel, data in posts.items():
        path = root / "posts" / "2024" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def build(root: Path, timeout: float) -> tuple[int | str, float, float, str]:
    """Exit code (or ``"killed"``), seconds, peak memory in MB, the first problem reported."""
    env = dict(os.environ, CCHC_NOW="2026-11-25T12:00:00+07:00", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"]
    log = root / "build.log"
    start = time.perf_counter()
    with log.open("wb") as out:
        child = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        code: int | str
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                code = "killed"
                break
            time.sleep(0.05)
        child.returncode = 0  # reaped above
    seconds = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    first = next((line.strip() for line in text.splitlines() if line.strip().startswith("1.")), "")
    return code, seconds, usage.ru_maxrss / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    parser.add_argument("--post-bytes", type=int, help="extra.limits.post_bytes of the projects")
    parser.add_argument("--make", nargs=2, metavar=("INDEX", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make = list(CASES.values())[int(args.make[0])][0]
        project(Path(args.make[1]), make(), args.post_bytes)
        return
    print(f"{'case':30} {'exit':>6} {'time':>8} {'peak':>9}  before the limits")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        for index, (name, (_make, before)) in enumerate(CASES.items()):
            if args.case and name not in args.case:
                continue
            root = Path(tmp) / f"p{index}"
            maker = [sys.executable, __file__, "--make", str(index), str(root)]
            subprocess.run(
                maker + (["--post-bytes", str(args.post_bytes)] if args.post_bytes else []), check=True
            )
            code, seconds, peak, first = build(root, args.timeout)
            print(f"{name:30} {code!s:>6} {seconds:7.2f}s {peak:7.0f}MB  {before}")
            print(f"{'':30} {first[:160]}")
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
