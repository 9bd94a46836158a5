"""Bodies sanitised: the HTML a post or procedure body produces passes an allow-list.

Officials paste from other websites and word processors; whatever their Markdown and raw
HTML produce, a page must not run script, request another host, redirect the reader or
collect data. The pipeline wraps each body between ``BODY_START`` and ``BODY_END``;
``SanitizeExtension`` (a Python-Markdown extension, in every engine's setup:
``pipeline.markdown_setup``, ``generate.engine_config``) then:

- lets ``attr_list`` set only ``ATTR_LIST_KEYS`` (``{: src=…}`` or ``{: onload=…}`` are
  undone), anywhere in the document;
- passes the HTML between the marks through nh3 (the Ammonia sanitiser) with ``TAGS``,
  ``ATTRIBUTES`` and ``url_filter``: links only ``http``, ``https``, ``mailto``, ``tel``
  or relative; media sources only relative paths; ``//host`` and ``/\\host`` refused;
  ``style`` only as ``text-align`` on table cells (what the tables extension writes);
- records what it removed (``audit``: an lxml walk of the same HTML, and the attr_list
  guard) as ``Finding`` records and the media sources it kept, for the pipeline to turn
  into Vietnamese problems with file and line (``problems``) and to check that every
  image, video and audio source is a file the site publishes.

Errors stop the build (``RULES``: ``error=True``): script, event handlers, frames and
embedded objects, forms, ``<meta http-equiv=refresh>``, links with other schemes or
``//host``, media from another host or not published beside the body, ``{: src/href=…}``.
Warnings only say what was dropped: ``style``, ``<style>``, ``<link>``, ``<meta>``,
``<base>``, tags and attributes outside the lists (their text stays).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any

import lxml.html
import nh3

from cchc.core.problems import Problem

VERSION = "2"  # changes with the rules below (in the render cache key, with nh3's version)
BODY_START = "<!-- cchc:body -->"
BODY_END = "<!-- cchc:/body -->"
FOOTNOTES_MARK = "///Footnotes Go Here///"  # the footnotes extension's default PLACE_MARKER


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TAGS = _words(
    "h1 h2 h3 h4 h5 h6 p br hr ul ol li dl dt dd table thead tbody tfoot tr th td caption"
    " colgroup col em strong b i u s del ins mark small sub sup code pre kbd samp var"
    " blockquote q cite a img figure figcaption video audio source track abbr details"
    " summary div span picture"
)
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "fetchpriority"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "source": {"src", "srcset", "sizes", "type", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "th": {"colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# Removed with what they hold (the others are unwrapped: their text stays).
DROPPED_WITH_CONTENT = _words(
    "script style svg math template iframe frame frameset object embed applet noscript"
    " noembed noframes textarea select title"
)
ATTR_LIST_KEYS = frozenset({"class", "id", "title", "alt", "width", "height"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
MEDIA_TAGS = frozenset({"img", "video", "audio", "source", "track"})
_CELL_STYLE = re.compile(r"text-align: (?:left|right|center);")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_SPACE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Rule:
    error: bool
    message: str  # {detail}: the tag, attribute or address
    fix: str


_LINK_INSTEAD = (
    "Không nhúng nội dung của trang khác; hãy đặt một liên kết tới nó, ví dụ "
    "«[Xem video hướng dẫn](https://…)», hoặc tải tệp về đặt cạnh bài viết."
)
RULES: dict[str, Rule] = {
    "script": Rule(
        True,
        "Thẻ <{detail}> chạy mã lệnh trên máy người đọc; bài không được chứa mã lệnh.",
        "Xóa thẻ này khỏi bài.",
    ),
    "event": Rule(
        True,
        "Thuộc tính «{detail}» chạy mã lệnh khi trang mở hoặc khi người đọc thao tác.",
        "Xóa thuộc tính này.",
    ),
    "frame": Rule(
        True, "Thẻ <{detail}> nhúng trang hoặc nội dung khác vào bài; không được đăng.", _LINK_INSTEAD
    ),
    "form": Rule(
        True,
        "Biểu mẫu <{detail}> không được đăng: người đọc có thể nhập thông tin cá nhân "
        "(số CCCD…) và gửi tới nơi khác.",
        "Xóa biểu mẫu; muốn hướng dẫn nộp hồ sơ thì đặt liên kết tới Cổng dịch vụ công.",
    ),
    "refresh": Rule(
        True,
        'Thẻ <meta http-equiv="refresh"> tự chuyển người đọc sang trang khác.',
        "Xóa thẻ này; muốn dẫn tới trang khác thì đặt một liên kết thường.",
    ),
    "scheme": Rule(
        True,
        "Liên kết «{detail}» dùng kiểu địa chỉ không được phép (chỉ http, https, "
        "mailto, tel hoặc đường dẫn trong trang).",
        "Sửa thành địa chỉ https://… hoặc xóa liên kết.",
    ),
    "trick": Rule(
        True,
        "Địa chỉ «{detail}» viết kiểu «//máy-chủ» hoặc «/\\máy-chủ»: trình duyệt hiểu là một trang khác.",
        "Liên kết ra ngoài thì viết đầy đủ https://…; tệp thì ghi tên tệp.",
    ),
    "remote-media": Rule(
        True,
        "Ảnh, video hoặc âm thanh «{detail}» không phải tệp đặt cạnh bài (nằm trên "
        "máy chủ khác hoặc viết trong địa chỉ); trang không được tải gì từ máy chủ ngoài.",
        _LINK_INSTEAD,
    ),
    "missing-media": Rule(
        True,
        "Ảnh, video hoặc âm thanh «{detail}» không phải một tệp có sẵn cạnh bài.",
        "Đặt tệp cạnh bài và ghi đúng tên tệp, ví dụ «![Mô tả](anh.jpg)».",
    ),
    "attr-list-url": Rule(
        True,
        "Khối thuộc tính «{{: …}}» không được đặt «{detail}» (địa chỉ đã kiểm tra "
        "trong cú pháp Markdown sẽ bị thay).",
        "Ghi địa chỉ trong cú pháp Markdown «![mô tả](anh.jpg)» hoặc «[chữ](https://…)»; "
        "trong «{: …}» chỉ dùng class, id, title, alt, width, height.",
    ),
    "marker": Rule(True, "Bài có dấu «{detail}» dành riêng cho chương trình dựng trang.", "Xóa dấu này."),
    "style": Rule(
        False,
        "Đã bỏ thuộc tính style «{detail}» (định dạng dán từ nơi khác; có thể tải nội dung "
        "từ máy chủ ngoài).",
        "Dùng cú pháp Markdown (**đậm**, *nghiêng*, danh sách, bảng).",
    ),
    "head": Rule(
        False,
        "Đã bỏ thẻ <{detail}> (thuộc phần đầu trang web, không dùng trong bài).",
        "Xóa thẻ này khỏi bài.",
    ),
    "tag": Rule(
        False,
        "Đã bỏ thẻ <{detail}> (không nằm trong danh sách thẻ được dùng; chữ bên trong "
        "vẫn giữ, trừ <style>, <svg>…).",
        "Dùng cú pháp Markdown thay cho thẻ này, hoặc xóa thẻ.",
    ),
    "attr": Rule(
        False,
        "Đã bỏ thuộc tính «{detail}» (không nằm trong danh sách thuộc tính được dùng).",
        "Xóa thuộc tính này.",
    ),
    "attr-list": Rule(
        False,
        "Đã bỏ «{detail}» trong khối thuộc tính «{{: …}}» (chỉ dùng class, id, title, alt, width, height).",
        "Xóa thuộc tính này khỏi «{: …}».",
    ),
}
_TAG_RULES = {
    **dict.fromkeys(("script",), "script"),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal"), "frame"),
    **dict.fromkeys(("form", "input", "button", "select", "textarea"), "form"),
    **dict.fromkeys(("link", "meta", "base", "title"), "head"),
}


def fingerprint() -> str:
    """The rules and the library: part of the render cache key."""
    parts = [
        VERSION,
        version("nh3"),
        " ".join(sorted(TAGS)),
        repr(sorted((k, sorted(v)) for k, v in ATTRIBUTES.items())),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Finding:
    """Something a body held that the site does not publish; ``needles``: text to look for
    in the Markdown source to give its line."""

    rule: str
    detail: str
    needles: tuple[str, ...] = ()

    @property
    def error(self) -> bool:
        return RULES[self.rule].error

    def to_json(self) -> list[Any]:
        return [self.rule, self.detail, list(self.needles)]

    @classmethod
    def from_json(cls, data: list[Any]) -> Finding:
        return cls(str(data[0]), str(data[1]), tuple(str(n) for n in data[2]))


@dataclass
class Checks:
    """What sanitising one document found: findings, and the media sources it kept."""

    findings: list[Finding] = field(default_factory=list)
    media: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"findings": [f.to_json() for f in self.findings], "media": self.media}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checks:
        return cls([Finding.from_json(f) for f in data.get("findings", [])], list(data.get("media", [])))


# --- addresses ---------------------------------------------------------------------------------


def url_problem(value: str, media: bool) -> str | None:
    """The rule an address breaks (``None``: it may stay). Browsers drop tabs and newlines
    from addresses and read ``\\`` as ``/``: ``/\\host`` and ``/\t/host`` are ``//host``."""
    url = _SPACE.sub("", value.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f")).replace(
        "\\", "/"
    )
    scheme = _SCHEME.match(url)
    if media:
        return "remote-media" if url.startswith("/") or scheme else None
    if url.startswith("//"):
        return "trick"
    if scheme and scheme.group(1).lower() not in SCHEMES:
        return "scheme"
    return None


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


# --- the sanitiser -----------------------------------------------------------------------------


def sanitize(html: str, checks: Checks | None = None) -> str:
    """``html`` through the allow-list; what was removed and the kept media go to ``checks``."""
    checks = checks if checks is not None else Checks()
    checks.findings += audit(html)

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name in ("href", "cite"):
            return None if url_problem(value, media=False) else value
        if name in ("src", "poster"):
            if url_problem(value, media=True):
                return None
            checks.media.append(value)
            return value
        if name == "srcset":  # the responsive variants of an image (posts/variants.py): local only
            urls = _srcset_urls(value)
            if any(url_problem(u, media=True) for u in urls):
                return None
            checks.media.extend(urls)
            return value
        if name == "style":
            return value if tag in ("th", "td") and _CELL_STYLE.fullmatch(value) else None
        return value

    return str(
        nh3.clean(
            html,
            tags=set(TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={k: set(v) for k, v in ATTRIBUTES.items()},
            attribute_filter=attribute,
            link_rel=None,
            url_schemes=set(SCHEMES),
        )
    )


def audit(html: str) -> list[Finding]:
    """What ``sanitize`` removes from ``html``, as findings (an lxml walk of the same HTML)."""
    if not html.strip():
        return []
    found: list[Finding] = []
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in wrapper.iterdescendants():
        if isinstance(element.tag, str):
            _audit_element(element, found)
    return found


def _audit_element(element: Any, found: list[Finding]) -> None:
    tag = element.tag.lower()
    inside = any(a.tag in DROPPED_WITH_CONTENT for a in element.iterancestors() if isinstance(a.tag, str))
    if tag not in TAGS:
        rule = _TAG_RULES.get(tag, "tag")
        if tag == "meta" and element.get("http-equiv", "").strip().lower() == "refresh":
            rule = "refresh"
        if not inside or RULES[rule].error:
            found.append(Finding(rule, tag, (f"<{tag}",)))
    allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"]
    for name, value in element.attrib.items():
        name = name.lower()
        if name.startswith("on"):
            found.append(Finding("event", name, (name,)))
        elif inside or tag not in TAGS:
            continue
        elif name == "style":
            if not (tag in ("th", "td") and _CELL_STYLE.fullmatch(value)):
                found.append(Finding("style", _short(value), ("style", _short(value))))
        elif name == "srcset":
            bad = [u for u in _srcset_urls(value) if url_problem(u, media=True)]
            if bad:
                found.append(Finding("remote-media", bad[0], _needles(bad[0])))
            elif name not in allowed:
                found.append(Finding("attr", name, (name,)))
        elif name not in allowed:
            found.append(Finding("attr", f"{name}", (name,)))
        elif name in ("href", "cite", "src", "poster"):
            problem = url_problem(value, media=name in ("src", "poster"))
            if problem:
                found.append(Finding(problem, _short(value), _needles(value)))


def _short(value: str, size: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= size else value[: size - 1] + "…"


def _needles(url: str) -> tuple[str, ...]:
    """Ways an address may be written in the source: as it is, its host, its file name."""
    url = url.strip()
    parts = [p for p in re.split(r"[/\\]+", _SCHEME.sub("", url, count=1)) if p]
    extra = [parts[0]] if parts else []
    if len(parts) > 1 and len(parts[-1]) > 3:
        extra.append(parts[-1])
    return tuple(dict.fromkeys(n for n in (url, *extra) if n))


def wrap_body(body: str, footnotes: bool) -> str:
    """``body`` between the marks, its footnotes (if any) placed before the end mark."""
    notes = f"\n\n{FOOTNOTES_MARK}" if footnotes and "[^" in body else ""
    return f"{BODY_START}\n\n{body}{notes}\n\n{BODY_END}"


# --- problems ----------------------------------------------------------------------------------


def problems(
    checks: Checks, file: str, source: str, first_line: int, published: Callable[[str], bool]
) -> list[Problem]:
    """Vietnamese problems for what a body's sanitising found, one per kind of removal, at
    the line of ``source`` (the body's Markdown, starting at ``first_line``) where it is
    written; media sources that ``published`` does not know are errors too."""
    findings = [*checks.findings]
    findings += [Finding("missing-media", m, _needles(m)) for m in checks.media if not published(m)]
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.rule, finding.detail), []).append(finding)
    lowered = source.lower()
    found = []
    for (rule, detail), same in groups.items():
        spec = RULES[rule]
        message = spec.message.format(detail=detail)
        if len(same) > 1:
            message += f" ({len(same)} chỗ)"
        line = _line_of(lowered, same[0].needles, first_line)
        found.append(
            Problem(file, message, field="nội dung", line=line, fix=spec.fix, warning=not spec.error)
        )
    return found


def _line_of(lowered: str, needles: tuple[str, ...], first_line: int) -> int:
    for needle in needles:
        at = lowered.find(needle.lower())
        if at >= 0:
            return first_line + lowered.count("\n", 0, at)
    return first_line
