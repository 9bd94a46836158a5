"""Output formats of content problems for ``python -m cchc check --format …``.

``text``
    what the build prints (``ContentError.report()``, ``Cảnh báo: …`` lines).
``github``
    one GitHub Actions workflow command per problem, so that the problem shows on the faulty
    line of the commit and pull-request views; with ``GITHUB_STEP_SUMMARY`` set, a Vietnamese
    Markdown summary of every problem is appended to that file (GitHub shows only the first
    10 errors and 10 warnings of a step as annotations; the summary shows them all).
``gitlab``
    a GitLab Code Quality report (a JSON array), shown by merge requests.
``json``
    a list of ``{file, line, field, message, fix, severity}`` described by
    ``problems.schema.json`` beside this module.

Paths in ``github`` and ``gitlab`` are relative to the repository root (the nearest folder
above the project holding ``.git``), as both platforms need; ``text`` and ``json`` keep the
project-relative path of ``Problem.file``.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cchc.core.problems import Problem

FORMATS = ("text", "github", "gitlab", "json")
SCHEMA_PATH = Path(__file__).with_name("problems.schema.json")
GITLAB_DEFAULT_OUTPUT = "gl-code-quality-report.json"


def repo_prefix(root: Path) -> str:
    """The project's folder relative to its repository root, as a path prefix (``""`` at
    the root, ``"site/"`` for a project in ``site/``, ``""`` outside any repository)."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def explanation(problem: Problem) -> str:
    """The message followed by the fix, as ``Problem.format`` writes them."""
    text = problem.message
    if problem.fix:
        text += f" Cách sửa: {problem.fix}"
    return text


def severity(problem: Problem) -> str:
    return "warning" if problem.warning else "error"


# --- text -------------------------------------------------------------------------------


def warning_lines(warnings: Iterable[Problem]) -> list[str]:
    return ["Cảnh báo: " + warning.format() for warning in warnings]


# --- GitHub Actions ---------------------------------------------------------------------


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value (``escapeProperty``): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem, prefix: str = "") -> str:
    """``::error file=…,line=…,title=…::message Cách sửa: fix`` (``::warning`` for warnings)."""
    properties = [f"file={escape_property(prefix + problem.file)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.field:
        properties.append(f"title={escape_property(problem.field)}")
    return f"::{severity(problem)} {','.join(properties)}::{escape_data(explanation(problem))}"


def github_commands(problems: Iterable[Problem], prefix: str = "") -> list[str]:
    return [github_command(problem, prefix) for problem in problems]


def _cell(value: str) -> str:
    """Text shown as itself in a Markdown table cell."""
    text = html.escape(" ".join(value.split()), quote=False)
    for char in "\\|`*_[]":
        text = text.replace(char, "\\" + char)
    return text


def _file_link(path: str, line: int | None, env: Mapping[str, str]) -> str:
    server, repo, sha = (env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repo and sha):
        return _cell(path)
    url = f"{server}/{repo}/blob/{sha}/{quote(path)}" + (f"#L{line}" if line else "")
    return f"[{_cell(path)}]({url})"


def github_summary(
    problems: Sequence[Problem], summary: str | None, prefix: str = "", env: Mapping[str, str] | None = None
) -> str:
    """The Vietnamese Markdown written to ``$GITHUB_STEP_SUMMARY``.

    ``summary`` is the line ``check`` prints when the content is valid (``None`` when not);
    file names link to the checked commit when the runner's ``GITHUB_*`` variables are given.
    """
    env = env or {}
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    if errors:
        head = f"## ❌ Kiểm tra nội dung: {errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")
        intro = (
            "Trang **chưa** được xuất bản lại: trang đang chạy được giữ nguyên. "
            "Sửa từng lỗi dưới đây trong tệp và dòng được chỉ ra, rồi lưu (commit) lại."
        )
    else:
        head = "## ✅ Kiểm tra nội dung: không có lỗi" + (f", {warnings} cảnh báo" if warnings else "")
        intro = _cell(summary or "Nội dung hợp lệ.")
    lines = [head, "", intro, ""]
    if problems:
        lines += ["| | Tệp | Dòng | Trường | Lỗi | Cách sửa |", "|---|---|---|---|---|---|"]
        for p in problems:
            mark = "⚠️ cảnh báo" if p.warning else "❌ lỗi"
            cells = [
                mark,
                _file_link(prefix + p.file, p.line, env),
                str(p.line or ""),
                _cell(p.field or ""),
                _cell(p.message),
                _cell(p.fix or ""),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


# --- GitLab Code Quality ----------------------------------------------------------------


def gitlab_report(problems: Iterable[Problem], prefix: str = "") -> list[dict[str, Any]]:
    """GitLab's Code Quality issues. The fingerprint leaves the line out, so that a problem
    moved by an edit above it is still the same one (a repeated one is counted)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for p in problems:
        path = prefix + p.file
        key = (path, p.field or "", p.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()
        issues.append(
            {
                "description": explanation(p),
                "check_name": p.field or "cchc",
                "fingerprint": digest,
                "severity": "minor" if p.warning else "major",
                "location": {"path": path, "lines": {"begin": p.line or 1}},
            }
        )
    return issues


# --- JSON -------------------------------------------------------------------------------


def json_report(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """The documented list (``problems.schema.json``)."""
    return [
        {
            "file": p.file,
            "line": p.line,
            "field": p.field,
            "message": p.message,
            "fix": p.fix,
            "severity": severity(p),
        }
        for p in problems
    ]


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
