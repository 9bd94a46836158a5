"""Running the fixers over the content, and the explanations a check adds.

``run(settings, now, apply=True)`` repairs every Markdown file of ``posts/`` and ``docs/``
and every photo over the limits. A repaired file is read back and validated *before* it is
written (``_verify``): if it does not parse, or has more errors than before, it is left as
it was and the refusal is reported. Files are written whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cchc.build.content import content_files
from cchc.core.frontmatter import Source, parse_bytes, read_page, read_source
from cchc.core.problems import Problem
from cchc.core.settings import Settings
from cchc.core.urls import PROCEDURES_DIR
from cchc.fix import explain, images, text
from cchc.fix.changes import REPORTED_BY_LOADER, Change, Refusal
from cchc.posts.loading import build_post
from cchc.posts.model import PostMeta
from cchc.procedures.loading import build_procedure
from cchc.procedures.model import ProcedureMeta

_RASTER = (".jpg", ".jpeg", ".png", ".webp")


@dataclass
class FixResult:
    changes: list[Change] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    def as_problems(self) -> list[Problem]:
        """What a plain ``check`` says ``--fix`` would do (what the loader reports is left out)."""
        return [c.as_problem() for c in self.changes if c.kind not in REPORTED_BY_LOADER]


def _kind(path: Path, settings: Settings) -> str:
    if path.is_relative_to(settings.posts_dir):
        return "post"
    return "procedure" if path.is_relative_to(settings.docs_dir / PROCEDURES_DIR) else "page"


def _known(kind: str) -> Collection[str]:
    return (
        PostMeta.model_fields if kind == "post" else ProcedureMeta.model_fields if kind == "procedure" else ()
    )


def markdown_files(settings: Settings) -> list[Path]:
    files = content_files(settings)
    return [*files.posts, *files.markdown(settings.docs_dir)]


def _errors(
    path: Path, raw: bytes, kind: str, settings: Settings, now: datetime
) -> tuple[Source | None, list[Problem]]:
    source, problems = parse_bytes(
        path, settings.root, raw, literal=kind == "procedure", limits=settings.limits
    )
    if source is not None and kind == "post":
        problems += build_post(source, settings, now).problems
    elif source is not None and kind == "procedure":
        problems += build_procedure(source, settings, now.date())[1]
    return source, [p for p in problems if not p.warning]


def _verify(path: Path, raw: bytes, new: bytes, kind: str, settings: Settings, now: datetime) -> str | None:
    """Why the repaired bytes must not be written (``None``: they may)."""
    if kind == "page" and not new.lstrip().startswith(b"---"):
        return None
    source, errors = _errors(path, new, kind, settings, now)
    if source is None:
        first = errors[0].format() if errors else ""
        return f"sau khi sửa, phần đầu bài vẫn không đọc được ({first})"
    _, before = _errors(path, raw, kind, settings, now)
    if len(errors) > len(before):
        return f"sau khi sửa, tệp có thêm lỗi ({errors[0].format()})"
    return None


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def _photos(settings: Settings) -> list[Path]:
    found = []
    for folder in (settings.posts_dir, settings.docs_dir):
        if folder.is_dir():
            found += [
                p
                for p in sorted(folder.rglob("*"))
                if p.suffix.lower() in _RASTER
                and p.is_file()
                and not p.is_symlink()
                and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
            ]
    return found


def run(settings: Settings, now: datetime, *, apply: bool) -> FixResult:
    """Repair (``apply``) or only list (not ``apply``) what ``--fix`` changes."""
    result = FixResult()
    for path in markdown_files(settings):
        if path.stat().st_size > settings.limits.post_bytes:
            continue  # not read at all: the loader reports it
        rel = path.relative_to(settings.root).as_posix()
        raw = path.read_bytes()
        kind = _kind(path, settings)
        repaired = text.repair(raw, rel, _known(kind))
        if not repaired.changes:
            continue
        new = text.encoded(repaired)
        if not apply:
            result.changes += repaired.changes
            continue
        if new == raw:
            continue
        reason = _verify(path, raw, new, kind, settings, now)
        if reason:
            result.refusals.append(Refusal(rel, reason))
            continue
        _write(path, new)
        result.changes += repaired.changes
    for photo in _photos(settings):
        size = images.needs_fix(settings.root, photo, settings.limits.image_pixels)
        if size is not None:
            change = images.fix_image(settings.root, photo, size, settings.limits.image_pixels, apply)
            if change is not None:
                result.changes.append(change)
    return result


def explanations(settings: Settings) -> list[Problem]:
    """Tags with a comma, images without a description or from another site, links to files
    that do not exist: read from every Markdown file, whether its front matter is valid or not."""
    paths = markdown_files(settings)
    files = [
        p.resolve()
        for folder in (settings.posts_dir, settings.docs_dir)
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file() and ".originals" not in p.parts
    ]
    sources: list[tuple[Path, str]] = []
    known_tags: set[str] = set()
    for path in paths:
        if path.stat().st_size > settings.limits.post_bytes:
            continue
        reader = read_source if path.is_relative_to(settings.posts_dir) else read_page
        source, _ = reader(path, settings.root, limits=settings.limits)
        rel = path.relative_to(settings.root).as_posix()
        repaired = text.repair(path.read_bytes(), rel)
        sources.append((path, repaired.text))
        tags = source.meta.get("tags") if source is not None else None
        if isinstance(tags, list):
            known_tags |= {t for t in tags if isinstance(t, str) and "," in t}
    problems: list[Problem] = []
    for path, content in sources:
        rel = path.relative_to(settings.root).as_posix()
        match = text.FENCE_RE.match(content)
        yaml_lines = (match.group(1) or "").split("\n") if match else []
        body = content[match.end() :] if match else content
        body_line = content[: match.end()].count("\n") + 1 if match else 1
        if path.is_relative_to(settings.posts_dir):
            problems += explain.comma_tags(rel, yaml_lines, known_tags)
        post = path.is_relative_to(settings.posts_dir)
        problems += explain.body_problems(rel, path, body, body_line, files, post=post)
    return problems


def merge(loaded: list[Problem], explained: list[Problem]) -> list[Problem]:
    """The loader's problems and the explanations, each mistake once: a missing file is named
    with its nearest existing name (the explanation replaces the loader's message); any other
    explanation of a line the loader already reports is left out."""
    by_place: dict[tuple[str, int | None], list[Problem]] = {}
    for problem in loaded:
        by_place.setdefault((problem.file, problem.line), []).append(problem)
    replaced: set[int] = set()
    extra = []
    for problem in explained:
        target = problem.message.partition("«")[2].rpartition("»")[0]
        same = [
            p for p in by_place.get((problem.file, problem.line), []) if target and f"«{target}»" in p.message
        ]
        if problem.warning and "chưa có mô tả" in problem.message:
            extra.append(problem)  # never said by the loader
        elif problem.message.startswith("Liên kết tới") and same:
            replaced |= {id(p) for p in same}
            extra.append(problem)
        elif not same:
            extra.append(problem)
    return [p for p in loaded if id(p) not in replaced] + extra
