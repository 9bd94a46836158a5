"""Feed benchmark: the time ``feeds.build_all`` adds to a build, on synthetic ``Post`` records.

    .venv/bin/python scripts/bench_feeds.py                 # N = 1 000 and 5 000
    .venv/bin/python scripts/bench_feeds.py --sizes 20000

Each post has ~600 words of rendered body HTML (paragraphs, headings, a list, a table,
relative links and an image), 1–2 categories, 2 tags; one post in five is an official
document, one in four has a cover image. The body HTML is given as MkDocs would have
rendered it, so this times exactly the feed step of a build: choosing entries, making links
absolute, feedgen, serialisation. Prints one line per N and setting. Not a test: figures only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import CATEGORIES, TAGS, sentence
from cchc.core.settings import TIMEZONE, Settings, load_settings
from cchc.documents.model import Document
from cchc.feeds import builder as feeds
from cchc.posts.model import Asset, Post

REPO = Path(__file__).resolve().parents[1]


def body_html(rng: random.Random) -> str:
    """About 600 words of HTML, shaped like a rendered post body."""
    parts = []
    for section in range(4):
        parts.append(f'<h2 id="muc-{section}">{sentence(rng, 6)}</h2>')
        parts += [f"<p>{sentence(rng, 40)} <a href='../khac/'>{sentence(rng, 3)}</a></p>" for _ in range(3)]
        parts.append("<ul>" + "".join(f"<li>{sentence(rng, 8)}</li>" for _ in range(3)) + "</ul>")
    parts.append('<p><img alt="Sơ đồ" src="so-do.jpg"></p>')
    rows = "<tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Hồ sơ đúng hạn</td><td>98%</td></tr>"
    parts.append(f"<table>{rows}</table>")
    return "\n".join(parts)


def document(number: int, day: datetime) -> Document:
    return Document.model_validate(
        {
            "number": f"{number}/BC-UBND",
            "type": "Báo cáo",
            "issued": day.date().isoformat(),
            "issuer": "Ủy ban nhân dân xã Thượng Long",
            "place": "Thượng Long",
            "signer": {"authority": ["TM. ỦY BAN NHÂN DÂN"], "title": "CHỦ TỊCH", "name": "Nguyễn Văn A"},
        }
    )


def synthetic(count: int, seed: int = 7) -> tuple[tuple[Post, ...], dict[str, str]]:
    """``count`` published posts, newest first, and their body HTML by URL."""
    rng = random.Random(seed)
    start = datetime(2022, 1, 1, 8, 0, tzinfo=TIMEZONE)
    posts = []
    for i in range(count):
        day = start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        slug = f"bai-viet-{i:05d}"
        posts.append(
            Post(
                source=f"posts/{slug}.md",
                title=sentence(rng, 9).rstrip("."),
                date=day,
                updated=None,
                categories=tuple(rng.sample(CATEGORIES, rng.randint(1, 2))),
                tags=tuple(rng.sample(TAGS, 2)),
                slug=slug,
                description=sentence(rng, 30),
                authors=(),
                draft=False,
                body="",
                body_line=6,
                image=Asset(Path("/x.jpg"), f"tin-tuc/{slug}/bia.jpg", 120_000) if i % 4 == 0 else None,
                document=document(i + 1, day) if i % 5 == 0 else None,
            )
        )
    posts.sort(key=lambda p: (-p.date.timestamp(), p.slug))
    html = {p.url: body_html(rng) for p in posts}
    return tuple(posts), html


def measure(
    posts: tuple[Post, ...], html: dict[str, str], settings: Settings, runs: int = 3
) -> tuple[float, dict[str, bytes]]:
    """Best wall time of ``runs`` calls, and the files of the last one."""
    best = float("inf")
    out: dict[str, bytes] = {}
    for _ in range(runs):
        began = time.perf_counter()
        out = feeds.build_all(posts, html, settings)
        best = min(best, time.perf_counter() - began)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args()
    settings = load_settings(REPO)
    for count in args.sizes:
        posts, html = synthetic(count)
        for label, variant in (
            (f"default ({settings.feed_length} newest, full content)", settings),
            ("every post in every feed, full content", replace(settings, feed_length=count)),
        ):
            seconds, out = measure(posts, html, variant)
            size = sum(len(v) for v in out.values()) / 1_048_576
            print(f"N={count:>6}  {label:<42} {seconds:7.3f} s  {size:7.1f} MB in {len(out)} files")


if __name__ == "__main__":
    main()
