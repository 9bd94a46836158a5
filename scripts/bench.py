"""Build benchmark: N synthetic Vietnamese posts, full `mkdocs build`, wall time and peak memory.

    .venv/bin/python scripts/bench.py            # N = 100 and 1 000
    .venv/bin/python scripts/bench.py --large    # also N = 5 000
    .venv/bin/python scripts/bench.py --sizes 2000
    .venv/bin/python scripts/bench.py --large --repeat 3   # best–worst of three runs each
    .venv/bin/python scripts/bench.py --sizes 1000 --blog  # and Material's blog plugin, same posts

Each post has ~600 words, headings, a list and a table, a date over 2022–2026 and
categories/tags from the site's lists. Prints one line per N. Not a test: figures only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CATEGORIES = ["Tin tức", "Thông báo", "Báo cáo", "Kế hoạch", "Văn bản", "Hỏi đáp"]
TAGS = [
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Chính quyền điện tử, chính quyền số",
    "Một cửa",
    "Dịch vụ công trực tuyến",
]
WORDS = (  # noqa: SIM905 (one readable block of words)
    "cải cách hành chính thủ tục người dân doanh nghiệp bộ phận một cửa tiếp nhận hồ sơ trả "
    "kết quả dịch vụ công trực tuyến toàn trình một phần đăng ký khai sinh kết hôn hộ tịch "
    "đất đai xây dựng hộ kinh doanh chứng thực bản sao chữ ký ủy ban nhân dân xã huyện tỉnh "
    "thành phố kế hoạch báo cáo thông báo tuyên truyền chuyển đổi số định danh điện tử căn "
    "cước công dân thanh toán lệ phí thời hạn giải quyết cán bộ công chức kỷ cương kỷ luật "
    "công vụ hài lòng phản ánh kiến nghị nâng cao hiệu quả chất lượng phục vụ minh bạch công "
    "khai niêm yết quy định pháp luật nghị định thông tư quyết định chỉ thị triển khai thực "
    "hiện kiểm tra giám sát đánh giá kết quả năm quý tháng "
).split()
TITLE_TOPICS = [
    "Tuyên truyền cải cách hành chính",
    "Hướng dẫn đăng ký khai sinh trực tuyến",
    "Kết quả giải quyết thủ tục hành chính",
    "Thông báo lịch tiếp công dân",
    "Kế hoạch chuyển đổi số",
    "Hỏi đáp về chứng thực bản sao",
    "Đánh giá mức độ hài lòng của người dân",
    "Triển khai dịch vụ công trực tuyến toàn trình",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def synthetic_post(rng: random.Random, index: int) -> str:
    year = rng.choice([2022, 2023, 2024, 2025, 2026])
    month, day = rng.randint(1, 10), rng.randint(1, 28)
    cats = rng.sample(CATEGORIES, rng.choice([1, 1, 2]))
    tags = rng.sample(TAGS, rng.choice([1, 2, 3]))
    title = f"{rng.choice(TITLE_TOPICS)} số {index}"
    paragraphs = [" ".join(sentence(rng, rng.randint(12, 22)) for _ in range(4)) for _ in range(6)]
    table = "| Nội dung | Số hồ sơ | Tỷ lệ đúng hạn |\n|---|---:|---:|\n" + "\n".join(
        f"| {sentence(rng, 3)} | {rng.randint(10, 900)} | {rng.randint(80, 100)}% |" for _ in range(4)
    )
    items = "\n".join(f"- {sentence(rng, 8)}" for _ in range(5))
    body = (
        f"{paragraphs[0]}\n\n## Kết quả đạt được\n\n{paragraphs[1]}\n\n{paragraphs[2]}\n\n{table}\n\n"
        f"## Nhiệm vụ thời gian tới\n\n{items}\n\n{paragraphs[3]}\n\n### Tổ chức thực hiện\n\n"
        f"{paragraphs[4]}\n\n{paragraphs[5]}\n"
    )
    return (
        f"---\ntitle: {title}\ndate: {year}-{month:02d}-{day:02d}\n"
        f"categories: [{', '.join(cats)}]\ntags: [{', '.join(repr(t) for t in tags)}]\n---\n\n{body}"
    )


def write_synthetic_posts(posts_dir: Path, count: int, seed: int = 42) -> None:
    """Write ``count`` synthetic posts into ``posts_dir`` (replacing what is there)."""
    rng = random.Random(seed)
    shutil.rmtree(posts_dir, ignore_errors=True)
    for index in range(1, count + 1):
        path = posts_dir / f"{2022 + index % 5}" / f"bai-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic_post(rng, index), encoding="utf-8")


def make_bench_project(root: Path, count: int) -> Path:
    """A project with the repo's config, code, templates and docs, and ``count`` posts."""
    (root / "runs").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "docs", root / "docs")
    write_synthetic_posts(root / "posts", count)
    return root


BLOG_CONFIG = """site_name: Blog bench
theme:
  name: material
  language: vi
  font: false
plugins:
  - blog
markdown_extensions:
  - attr_list
  - admonition
  - footnotes
  - tables
  - toc:
      permalink: true
  - pymdownx.details
"""


def make_blog_project(root: Path, count: int) -> Path:
    """The same synthetic posts as a plain Material blog (its ``blog`` plugin, no hooks)."""
    (root / "runs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(BLOG_CONFIG, encoding="utf-8")
    (root / "docs" / "blog").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Tin tức\n", encoding="utf-8")
    write_synthetic_posts(root / "docs" / "blog" / "posts", count)
    return root


_MEASURE = """
import os, resource, subprocess, sys, time

def descendants(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    parents[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    found, todo = [root], [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found += kids
        todo += kids
    return found

def pss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total

start = time.perf_counter()
build = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
peak_pss = 0
while build.poll() is None:
    peak_pss = max(peak_pss, pss_kib(descendants(build.pid)))
    time.sleep(0.2)
out, err = build.communicate()
wall = time.perf_counter() - start
if build.returncode:
    sys.stderr.write(out + err)
    sys.exit(build.returncode)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, usage.ru_stime, peak_pss)
"""


_RUNS = iter(range(1, 1_000_000))


def measure_build(project: Path) -> tuple[float, float, float, float, float]:
    """Wall seconds, peak resident memory (MiB, the largest process), CPU seconds (all
    processes of the build: the main one, its Markdown pool and its worker), the part of it
    spent in the kernel (mostly creating files), and the largest memory of all the build's
    processes together (MiB, proportional set size sampled every 0.2 s: pages the forked
    processes share are counted once).

    Each build writes a new site directory and nothing is deleted between builds (the
    temporary directory goes at the end). On ext4 without a journal (this machine's disk), a
    new inode is not taken from those freed in the last 60 s (300 s more while their inode
    table is not written back), and each one skipped costs a lookup: a build started right
    after ~4 000 files were removed created its own at 0.5–1.2 ms each instead of ~0.05 ms.
    Officials publish minutes apart, and a build removes the site it replaces only after
    it has ended (in the background).
    """
    os.sync()  # the files written before (posts, the previous build) are not this build's work
    time.sleep(1)
    site = project / "runs" / f"site-{next(_RUNS)}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CCHC_NOW="2026-11-25T12:00:00+07:00")
    cmd = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    done = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed in {project}:\n{done.stderr[-3000:]}")
    wall, rss_kib, cpu, system, pss_kib = done.stdout.split()
    return float(wall), int(rss_kib) / 1024, float(cpu), float(system), int(pss_kib) / 1024


def wait_for_disk(seconds: float = 61) -> None:
    """Let the inodes freed before the benchmark started age out (see ``measure_build``):
    written back by ``sync``, they are reused after 60 s. Nothing is deleted after this."""
    os.sync()
    print(f"  (waiting {seconds:.0f} s: files removed before the benchmark slow this disk down)", flush=True)
    time.sleep(seconds)


def measure_cold(project: Path) -> tuple[float, float, float, float, float]:
    """A first build: no cache (the previous one is moved aside, not deleted), no site."""
    cache = project / ".cache"
    if cache.exists():
        cache.rename(project / "runs" / f"cache-{next(_RUNS)}")
    return measure_build(project)


def measure_warm(project: Path, number: int) -> tuple[float, float, float, float, float]:
    """A rebuild after an official adds one post."""
    extra = project / "posts" / "2026" / f"bai-moi-{number}.md"
    extra.write_text(synthetic_post(random.Random(number), 100_000 + number), encoding="utf-8")
    return measure_build(project)


def last_site(project: Path) -> Path:
    return max((project / "runs").glob("site-*"), key=lambda p: int(p.name.split("-")[1]))


def spread(values: list[float], digits: int) -> str:
    """``best`` or ``best–worst`` of repeated runs."""
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if len(values) == 1 else f"{low:.{digits}f}–{high:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", action="store_true", help="also build 5 000 posts")
    parser.add_argument("--sizes", type=int, nargs="*", help="explicit post counts")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build (best–worst shown)")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for the disk first")
    parser.add_argument("--blog", action="store_true", help="also Material's blog plugin (cold), same posts")
    args = parser.parse_args()
    sizes = args.sizes or ([100, 1000, 5000] if args.large else [100, 1000])
    print("cold: first build (empty Markdown cache); warm: rebuild after adding one post")
    print("s: wall seconds; cpu: CPU seconds of all the build's processes (2 cores here), sys: in the kernel")
    print("with --repeat: best–worst of the runs (this machine's speed varies by up to 40 %)")
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        for count in sizes:
            project = make_bench_project(Path(tmp) / f"n{count}", count)
            if not args.no_wait and count == sizes[0]:
                wait_for_disk()
            cold = [measure_cold(project) for _ in range(args.repeat)]
            warm = [measure_warm(project, n) for n in range(args.repeat)]
            pages = sum(1 for _ in last_site(project).rglob("*.html"))
            peak = max(m[1] for m in cold + warm)
            together = max(m[4] for m in cold + warm)
            print(
                f"{count:>6} posts {pages:>6} pages | cold {spread([m[0] for m in cold], 2)} s "
                f"(cpu {spread([m[2] for m in cold], 1)} s, sys {spread([m[3] for m in cold], 1)}) | "
                f"warm {spread([m[0] for m in warm], 2)} s (cpu {spread([m[2] for m in warm], 1)} s, "
                f"sys {spread([m[3] for m in warm], 1)}) | peak {peak:.0f} MiB "
                f"(all processes together {together:.0f} MiB)",
                flush=True,
            )
            if args.blog:
                blog_project = make_blog_project(Path(tmp) / f"blog{count}", count)
                blog = [measure_build(blog_project)[0] for _ in range(args.repeat)]
                ratio = min(blog) / min(m[0] for m in cold)
                print(
                    f"{count:>6} posts, Material's blog plugin: cold {spread(blog, 2)} s "
                    f"({ratio:.1f}× the time of this site's cold build, best against best)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
