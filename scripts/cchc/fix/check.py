"""What ``python -m cchc check [--fix]`` reports: every problem of every file, in one run.

``collect`` runs the fixers (repairing with ``apply``, else only listing what ``--fix`` would
change, as warnings), then loads the content as the build does, and adds the explanations
read from every file (``cchc.fix.runner.explanations``), each mistake once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc.build.content import load_content
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import load_settings, now_local
from cchc.fix import runner


@dataclass
class Collected:
    problems: list[Problem] = field(default_factory=list)  # errors and warnings
    error: ContentError | None = None  # the errors, when there are any
    summary: str | None = None  # "Nội dung hợp lệ: …" when there is no error
    notes: list[str] = field(default_factory=list)  # what --fix changed, and what it refused to change


def _fixed(result: runner.FixResult) -> list[str]:
    lines = []
    if result.changes:
        files = len({c.file for c in result.changes})
        lines.append(f"Đã sửa tự động {len(result.changes)} chỗ trong {files} tệp:")
        lines += [f"  - {c.format()}" for c in result.changes]
    else:
        lines.append("Không có gì cần sửa tự động.")
    if result.refusals:
        lines.append("Không sửa các tệp sau (sửa xong không đọc lại được):")
        lines += [f"  - {r.format()}" for r in result.refusals]
    return lines


def collect(root: Path, *, apply: bool = False) -> Collected:
    """Check (and with ``apply`` first repair) the project at ``root``."""
    collected = Collected()
    try:
        settings = load_settings(root)  # mkdocs.yml mistakes are reported like content ones
    except ContentError as raised:
        collected.problems, collected.error = list(raised.problems), raised
        return collected
    now = now_local()
    try:
        result = runner.run(settings, now, apply=apply)
        explained = runner.explanations(settings)
    except ContentError:  # a link out of the content folders: load_content says so below
        result, explained = runner.FixResult(), []
    if apply:
        collected.notes = _fixed(result)
    try:
        content = load_content(settings, now)
    except ContentError as raised:
        loaded, content = list(raised.problems), None
    else:
        loaded = list(content.warnings)
    problems = runner.merge(loaded, explained)
    places = {(p.file, p.line) for p in problems}
    if not apply:
        problems += [p for p in result.as_problems() if (p.file, p.line) not in places]
    errors = [p for p in problems if not p.warning]
    collected.problems = problems
    if errors:
        collected.error = ContentError(errors)
    elif content is not None:
        postset, catalogue = content.posts, content.procedures
        collected.summary = (
            f"Nội dung hợp lệ: {len(postset.published)} bài sẽ đăng, "
            f"{len(postset.drafts)} bản nháp, {len(postset.scheduled)} bài hẹn giờ, "
            f"{len(catalogue.procedures)} thủ tục hành chính."
        )
    return collected
