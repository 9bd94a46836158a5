"""Reading ``mkdocs.yml`` without MkDocs: plain PyYAML plus MkDocs' ``!ENV`` tag.

The content core (``python -m cchc check``, tests, benchmarks) needs the site settings
but not MkDocs. This module parses the file the way MkDocs does for the values we use
(``!ENV [VAR, default]`` and ``!ENV VAR``), keeps other tags (``!relative``,
``!!python/name:…``) as opaque strings, and remembers the line of every key, so that
settings validation can say "mkdocs.yml, dòng 83". Every failure is a ``Problem`` in
Vietnamese, never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cchc.core.problems import ContentError, Problem
from cchc.core.text import decode_source
from cchc.core.yaml_messages import explain

CONFIG_FILE = "mkdocs.yml"

_YAML_FIX = (
    "Mỗi dòng có dạng «khóa: giá trị»; thụt lề bằng dấu cách (không dùng phím Tab) và thẳng hàng "
    "với các khóa cùng nhóm; giá trị có dấu «:» hoặc «#» thì đặt trong ngoặc kép."
)


class Tagged(str):
    """A value under a tag this module does not interpret (``!relative``, ``!!python/name:…``).

    The string is the tag and its text as written (``!!python/name:pkg.func``); ``tag`` and
    ``value`` keep the parts. Settings validation refuses it where text is expected.
    """

    tag: str
    value: str

    def __new__(cls, tag: str, value: str) -> Tagged:
        short = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        text = f"{short}{value}" if short.endswith(":") else f"{short} {value}".strip()
        self = super().__new__(cls, text)
        self.tag = short
        self.value = value
        return self


class ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader for ``mkdocs.yml``: ``!ENV`` as MkDocs reads it, other tags opaque.

    ``env_used`` maps ``id(node)`` of every ``!ENV`` node to a note on where its value came
    from, so that messages can name the environment variable.
    """

    env_used: dict[int, str]


def _construct_env(loader: ConfigLoader, node: yaml.Node) -> Any:
    """``!ENV VAR`` / ``!ENV [VAR1, VAR2, default]``, exactly as pyyaml-env-tag (MkDocs) does:
    the first variable set wins, its text resolved with YAML's implicit types; otherwise the
    last list item (when there are two or more) is the default, otherwise ``None``."""
    default: Any = None
    if isinstance(node, yaml.ScalarNode):
        names = [str(loader.construct_scalar(node))]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children[-1], deep=True)
            children = children[:-1]
        names = [str(loader.construct_scalar(child)) for child in children]  # type: ignore[arg-type]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "thẻ !ENV chỉ nhận một tên biến hoặc một danh sách [BIẾN, mặc định]", node.start_mark
        )
    notes = getattr(loader, "env_used", None)
    for name in names:
        if name in os.environ:
            if notes is not None:
                notes[id(node)] = f"giá trị lấy từ biến môi trường {name}"
            text = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, text, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, text))
    if notes is not None:
        unset = ", ".join(names)
        notes[id(node)] = (
            f"biến môi trường {unset} chưa được đặt nên dùng giá trị mặc định"
            if len(node.value) > 1 and isinstance(node, yaml.SequenceNode)
            else f"biến môi trường {unset} chưa được đặt"
        )
    return default


def _construct_other(loader: ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag: scalars become ``Tagged`` strings, lists and mappings stay data."""
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return None  # pragma: no cover - PyYAML has no other node kinds


ConfigLoader.add_constructor("!ENV", _construct_env)
ConfigLoader.add_multi_constructor("", _construct_other)


@dataclass(frozen=True)
class ConfigFile:
    """``mkdocs.yml`` as data, with the line, source text and origin of every key.

    Keys are dotted paths with 0-based list indexes: ``extra.authors.1.name``.
    ``plain`` holds the text of unquoted scalars as written (``02343000000``, ``yes``),
    which PyYAML turns into numbers and booleans; ``env`` notes values set by ``!ENV``.
    """

    path: Path
    rel: str
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def line_of(self, dotted: str) -> int | None:
        """Line of a (possibly nested, dot-separated) key, or of its nearest parent."""
        key = dotted
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None


def _walk(node: yaml.Node, prefix: str, env_used: dict[int, str], out: ConfigFile) -> None:
    """Record line, plain text and ``!ENV`` origin of every key below ``node``."""
    if isinstance(node, yaml.MappingNode):
        items = [(str(k.value), k, v) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode) and id(node) not in env_used:
        items = [(str(i), v, v) for i, v in enumerate(node.value)]
    else:
        return
    for name, key_node, value_node in items:
        key = f"{prefix}{name}"
        out.lines.setdefault(key, key_node.start_mark.line + 1)
        if id(value_node) in env_used:
            out.env[key] = env_used[id(value_node)]
        elif isinstance(value_node, yaml.ScalarNode) and not value_node.style:  # "" in the C loader
            out.plain[key] = str(value_node.value)
        _walk(value_node, key + ".", env_used, out)


def _syntax_problem(rel: str, exc: yaml.YAMLError, text: str) -> Problem:
    """The parser's error, in Vietnamese only (``yaml_messages``), on its line."""
    finding = explain(exc, text.split("\n"))
    return Problem(
        rel,
        f"Tệp cấu hình sai cú pháp YAML: {finding.message} Chương trình không đọc được cấu hình trang.",
        line=finding.line,
        fix=finding.fix or _YAML_FIX,
    )


def _alias_problem(text: str, rel: str) -> Problem | None:
    """The first YAML anchor or alias of ``mkdocs.yml``, read from events only: an alias
    bomb is refused before anything is built (the front matter's rule, core/frontmatter.py)."""
    loader = ConfigLoader(text)
    loader.env_used = {}
    try:
        while loader.check_event():
            event = loader.get_event()
            name = getattr(event, "anchor", None)
            if name:
                mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
                return Problem(
                    rel,
                    f"Tệp cấu hình dùng neo hoặc bí danh YAML «{mark}{name}»; "
                    "neo và bí danh không được dùng.",
                    line=event.start_mark.line + 1,
                    fix="Viết thẳng giá trị ở mỗi chỗ cần dùng, xóa các dấu «&tên» và «*tên».",
                )
    except yaml.YAMLError:
        return None  # reported with its line by the parse that follows
    finally:
        loader.dispose()
    return None


def parse_config(text: str, path: Path | None = None, rel: str = CONFIG_FILE) -> ConfigFile:
    """Parse the text of ``mkdocs.yml``. Raises ``ContentError`` for a syntax error."""
    refused = _alias_problem(text, rel)
    if refused is not None:
        raise ContentError([refused])
    loader = ConfigLoader(text)
    loader.env_used = {}
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ContentError([_syntax_problem(rel, exc, text)]) from None
    finally:
        env_used = loader.env_used
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            [
                Problem(
                    rel,
                    "Tệp cấu hình phải là các dòng «khóa: giá trị» (ví dụ «site_name: …»).",
                    line=1,
                    fix="Khôi phục tệp mkdocs.yml từ bản mẫu của dự án rồi sửa lại các giá trị.",
                )
            ]
        )
    result = ConfigFile(path or Path(rel), rel, {str(k): v for k, v in data.items()})
    if node is not None:
        _walk(node, "", env_used, result)
    return result


def read_config(path: Path, rel: str = CONFIG_FILE) -> ConfigFile:
    """Read and parse ``path`` (normally ``<root>/mkdocs.yml``); every failure is a ``ContentError``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(
            [
                Problem(
                    rel,
                    f"Không tìm thấy tệp cấu hình trang «{path}».",
                    fix="Chạy lệnh trong thư mục dự án (nơi có tệp mkdocs.yml) "
                    "hoặc chỉ đúng thư mục bằng «--root».",
                )
            ]
        ) from None
    except OSError as exc:
        raise ContentError(
            [Problem(rel, f"Không đọc được tệp cấu hình trang ({exc.strerror}).", fix="Kiểm tra quyền đọc.")]
        ) from None
    try:
        text, _notes = decode_source(raw)
    except UnicodeError:
        raise ContentError(
            [
                Problem(
                    rel,
                    "Tệp cấu hình không được lưu bằng bảng mã UTF-8; tiếng Việt sẽ bị lỗi phông.",
                    fix="Mở tệp bằng trình soạn thảo (ví dụ VS Code), chọn «Lưu thành» với bảng mã «UTF-8».",
                )
            ]
        ) from None
    return parse_config(text, path, rel)
