"""Helpers of the pre-commit hooks (``.pre-commit-config.yaml``), messages in Vietnamese.

``python -m cchc.authoring.hooks yaml FILE…`` checks the YAML syntax of configuration files
(``mkdocs.yml`` with its ``!ENV`` tags, CI files) without fetching pre-commit's own hooks;
``python -m cchc.authoring.hooks fix`` runs ``python -m cchc check --fix`` (repairs what it
safely can: pre-commit then stops the commit so that the official looks at the changes) and
does nothing while the installed ``cchc`` has no ``--fix``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

_PROBLEMS = {
    "found character '\\t' that cannot start any token": "có ký tự Tab; thụt lề bằng dấu cách",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "found unexpected ':'": "giá trị có dấu «:» cần đặt trong ngoặc kép",
    "mapping values are not allowed here": "giá trị có dấu «:» cần đặt trong ngoặc kép, hoặc thụt lề sai",
    "expected ',' or ']', but got": "thiếu dấu «]» đóng danh sách",
    "expected ',' or '}', but got": "thiếu dấu «}» đóng",
    "could not find expected ':'": "dòng thiếu dấu «:» sau khóa, hoặc thiếu ngoặc kép đóng",
    "found duplicate anchor": "neo YAML bị trùng",
}


class _AnyTagLoader(yaml.SafeLoader):
    """Safe loading that accepts any tag (``!ENV``, ``!!python/name`` in mkdocs.yml) as plain data."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("!", _untagged)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def yaml_problem(path: Path) -> str | None:
    """A Vietnamese message for a YAML syntax error of ``path``, or ``None``."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f"{path}: tệp không phải UTF-8; lưu lại với bảng mã UTF-8."
    try:
        list(yaml.load_all(text, Loader=_AnyTagLoader))  # a SafeLoader: no object is built
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else ""
        raw = str(getattr(error, "problem", "") or "")
        reason = next((vi for en, vi in _PROBLEMS.items() if raw.startswith(en)), "cú pháp không hợp lệ")
        return f"{path}{where}: YAML sai cú pháp: {reason}."
    return None


def check_yaml(files: list[str]) -> int:
    problems = [p for p in (yaml_problem(Path(f)) for f in files) if p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def fix() -> int:
    command = [sys.executable, "-m", "cchc", "check"]
    usage = subprocess.run([*command, "--help"], capture_output=True, text=True, check=False)
    if "--fix" not in usage.stdout:
        return 0  # this version of cchc cannot repair; the check hook still explains
    return subprocess.run([*command, "--fix"], check=False).returncode


def main(argv: list[str]) -> int:
    if argv[:1] == ["yaml"]:
        return check_yaml(argv[1:])
    if argv[:1] == ["fix"]:
        return fix()
    print("Cách dùng: python -m cchc.authoring.hooks yaml TỆP… | fix", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
