"""Legal citations in running text: ``Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ``.

``find_citations`` finds every citation of a legal or administrative document in a text and
returns it normalised: number and symbol (``61/2018/NĐ-CP``), type (``Nghị định``), issuer
(``Chính phủ``) and, when the text gives it, the issue date. ``parse_number`` reads a bare
number and symbol (a procedure's ``can_cu_phap_ly`` entry).

The two symbol families of the reference (``../shared/reference``, §4.2): legal normative
documents carry their year (``số/năm/LOẠI-CQ``; laws ``số/năm/QHk``), administrative
documents (Decree 30/2020) do not (``số/LOẠI-CQ``, công văn ``số/CQ-ĐƠN VỊ``).

Accepted noise (§4.3): NFD text; ``NĐ``/``ND``, ``QĐ``/``QD``; en dash, minus or no hyphen
(``NĐCP``); spaces around ``/`` and ``-`` (``01 /2018/TT-VPCP``, ``NQ- HĐND``,
``số111/…``); a hyphen for the slash before the year (``19-2016/NQ-CP``); one line break
inside the citation (not before a list item or heading); dates ``23/4/2018``,
``23-4-2018``, ``23.4.2018`` and ``ngày 23 tháng 4 năm 2018``.

What is not a citation: a number without a document type before it (``Số: 291/BC-UBND`` in
a pasted header, house numbers, ``24/7``, ``1/2``, dates alone, phone numbers), except a
normative number with its year and a known type (``61/2018/NĐ-CP``) that ``Số`` does not
precede. Code, links and headings are masked by the caller (``markup.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc.core.text import nfc, strip_marks

# --- codes ------------------------------------------------------------------------------------

# Type codes of a symbol (Decree 30, Phụ lục III), keyed by their folded upper-case spelling.
TYPE_CODES: dict[str, tuple[str, str]] = {
    "ND": ("NĐ", "Nghị định"),
    "QD": ("QĐ", "Quyết định"),
    "TT": ("TT", "Thông tư"),
    "TTLT": ("TTLT", "Thông tư liên tịch"),
    "NQ": ("NQ", "Nghị quyết"),
    "CT": ("CT", "Chỉ thị"),
    "KH": ("KH", "Kế hoạch"),
    "BC": ("BC", "Báo cáo"),
    "TB": ("TB", "Thông báo"),
    "HD": ("HD", "Hướng dẫn"),
    "CTR": ("CTr", "Chương trình"),
    "TTR": ("TTr", "Tờ trình"),
    "PA": ("PA", "Phương án"),
    "DA": ("ĐA", "Đề án"),
    "BB": ("BB", "Biên bản"),
    "CD": ("CĐ", "Công điện"),
    "QC": ("QC", "Quy chế"),
    "VBHN": ("VBHN", "Văn bản hợp nhất"),
    "PL": ("PL", "Pháp lệnh"),
    "L": ("L", "Luật"),
}
# Issuer codes, keyed by their folded upper-case spelling: (canonical spelling, name).
ISSUER_CODES: dict[str, tuple[str, str]] = {
    "CP": ("CP", "Chính phủ"),
    "TTG": ("TTg", "Thủ tướng Chính phủ"),
    "VPCP": ("VPCP", "Văn phòng Chính phủ"),
    "BNV": ("BNV", "Bộ Nội vụ"),
    "BTP": ("BTP", "Bộ Tư pháp"),
    "BTC": ("BTC", "Bộ Tài chính"),
    "BCA": ("BCA", "Bộ Công an"),
    "BXD": ("BXD", "Bộ Xây dựng"),
    "BYT": ("BYT", "Bộ Y tế"),
    "BTTTT": ("BTTTT", "Bộ Thông tin và Truyền thông"),
    "BTNMT": ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    "BNNMT": ("BNNMT", "Bộ Nông nghiệp và Môi trường"),
    "BNNPTNT": ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    "BKHCN": ("BKHCN", "Bộ Khoa học và Công nghệ"),
    "BKHDT": ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    "BGDDT": ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    "BLDTBXH": ("BLĐTBXH", "Bộ Lao động – Thương binh và Xã hội"),
    "BQP": ("BQP", "Bộ Quốc phòng"),
    "BCT": ("BCT", "Bộ Công Thương"),
    "BGTVT": ("BGTVT", "Bộ Giao thông vận tải"),
    "BVHTTDL": ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    "NHNN": ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    "UBND": ("UBND", "Ủy ban nhân dân"),
    "HDND": ("HĐND", "Hội đồng nhân dân"),
    "TW": ("TW", "Ban Chấp hành Trung ương Đảng"),
    "VPQH": ("VPQH", "Văn phòng Quốc hội"),
}
_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII", "XVIII", "XIX", "XX")  # fmt: skip
_ASSEMBLY_RE = re.compile(r"^(UBTVQH|QH)(\d{1,2})$")

# Type words written before the number; the type of the symbol wins when it has one.
TYPE_WORDS: dict[str, str] = {
    "nghi dinh": "Nghị định",
    "quyet dinh": "Quyết định",
    "thong tu lien tich": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "nghi quyet": "Nghị quyết",
    "chi thi": "Chỉ thị",
    "ke hoach": "Kế hoạch",
    "bao cao": "Báo cáo",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "chuong trinh": "Chương trình",
    "van ban hop nhat": "Văn bản hợp nhất",
    "van ban": "",  # "văn bản số …": the type comes from the symbol
    "luat": "Luật",
    "bo luat": "Bộ luật",
    "phap lenh": "Pháp lệnh",
}
_NAMED = ("Luật", "Bộ luật", "Pháp lệnh")  # "Luật Đất đai số 31/2024/QH15": a name may come first

# --- the patterns -----------------------------------------------------------------------------

_SP = r"[^\S\n]*(?:\n(?![^\S\n]*(?:[-*+>#|]|\d+[.)])[^\S\n])[^\S\n]*)?"  # spaces, one line break
_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_FULL_TYPES = (
    r"Thông tư liên tịch|Văn bản hợp nhất|Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị|Kế hoạch"
    r"|Báo cáo|Thông báo|Hướng dẫn|Công văn|Công điện|Chương trình|Văn bản|Bộ luật|Luật|Pháp lệnh"
    r"|Thong tu lien tich|Nghi dinh|Quyet dinh|Thong tu|Nghi quyet|Chi thi|Ke hoach|Bao cao|Thong bao"
    r"|Huong dan|Cong van|Van ban"  # typed without diacritics
)
_SHORT_TYPES = r"(?-i:NĐ|ND|QĐ|QD|NQ|TTLT|TT|CT|KH|BC|TB)"
_LETTERS = r"[^\W\d_]"
_PART = rf"{_LETTERS}[^\W_]{{0,11}}"
_DOCNO = (
    rf"(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?){_SP}"
    rf"(?:(?:/|{_DASH}){_SP}(?P<year>(?:19|20)\d{{2}}){_SP}/|/){_SP}"
    rf"(?P<sym>{_PART}(?:{_SP}{_DASH}{{1,2}}{_SP}{_PART}){{0,3}})(?![^\W_]|/\d)"
)
_DATE = (
    rf"{_SP},?{_SP}ngày{_SP}(?P<d>\d{{1,2}})"
    rf"(?:{_SP}[/.-]{_SP}|{_SP}tháng{_SP})(?P<m>\d{{1,2}})"
    rf"(?:{_SP}[/.-]{_SP}|{_SP}năm{_SP})(?P<y>(?:19|20)\d{{2}})(?!\d)"
)
_NAME = rf"(?:[^\S\n]+(?!số\b){_LETTERS}[^\W\d_]*){{1,8}}?"
_NUMBER_INTRO = rf"(?:{_SP}(?:số|so)(?:{_SP}|(?=\d))|(?=\s){_SP})"
_CITATION_RE = re.compile(
    rf"(?<![^\W_])(?P<type>{_FULL_TYPES}|{_SHORT_TYPES})(?![^\W_]){_NUMBER_INTRO}{_DOCNO}(?:{_DATE})?",
    re.IGNORECASE,
)
# "Luật Đất đai số 31/2024/QH15", "Bộ luật Dân sự số 91/2015/QH13": the name before "số".
_NAMED_RE = re.compile(
    rf"(?<![^\W_])(?P<type>Bộ luật|Luật|Pháp lệnh)(?P<name>{_NAME}){_SP}số{_SP}{_DOCNO}(?:{_DATE})?",
    re.IGNORECASE,
)
_BARE_RE = re.compile(
    rf"(?<![^\W_/.])(?<!\d[/.-]){_DOCNO}(?:{_DATE})?",
    re.IGNORECASE,
)
_SO_BEFORE_RE = re.compile(r"(?<![^\W_])số\s*:?\s*$", re.IGNORECASE)
_LEVEL_RE = re.compile(
    rf"{_SP},?{_SP}của{_SP}(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân){_SP}"
    r"(?P<level>tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)(?![^\W_])",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Citation:
    """One cited document, normalised. ``start``/``end`` are positions in the NFC text the
    parser was given (the link covers type, number and date; not the issuer phrase)."""

    number: str  # 61/2018/NĐ-CP, 11/KH-UBND, 148/2025/QH15
    type: str  # Nghị định; "" when neither the words nor the symbol say
    issuer: str  # Chính phủ; "" when the symbol names no known issuer
    year: int | None = None  # the year in a normative number
    issued: date | None = None  # the date the text gives
    level: str = ""  # "xã" in "… của UBND xã"
    start: int = 0
    end: int = 0
    text: str = ""  # the words cited, spaces collapsed

    @property
    def normative(self) -> bool:
        """A legal normative document: its number carries its year (unique by itself)."""
        return self.year is not None

    @property
    def key(self) -> str:
        """The identity of the cited number: leading zeros and case do not count."""
        head, _, symbol = self.number.partition("/")
        if self.year is not None:
            symbol = symbol.partition("/")[2]
        number = head.lstrip("0") or "0"
        return "/".join(p for p in (number, str(self.year or ""), strip_marks(symbol).upper()) if p)


# --- normalising ------------------------------------------------------------------------------


def _fold(part: str) -> str:
    return strip_marks(part).upper()


def _issuer(code: str) -> tuple[str, str]:
    """Canonical spelling and name of an issuer code (``QH15`` → ``Quốc hội khóa XV``)."""
    folded = _fold(code)
    assembly = _ASSEMBLY_RE.match(folded)
    if assembly:
        body, term = assembly.group(1), int(assembly.group(2))
        name = "Quốc hội" if body == "QH" else "Ủy ban Thường vụ Quốc hội"
        roman = _ROMAN[term] if term < len(_ROMAN) else str(term)
        return f"{body}{term}", f"{name} khóa {roman}"
    if folded in ISSUER_CODES:
        return ISSUER_CODES[folded]
    return code.upper(), ""


def _split_glued(part: str) -> list[str]:
    """``NĐCP`` → ``NĐ``, ``CP`` (a missing hyphen), when both halves are known codes."""
    folded = _fold(part)
    for size in range(min(4, len(part) - 1), 0, -1):
        head, tail = folded[:size], folded[size:]
        if head in TYPE_CODES and (tail in ISSUER_CODES or _ASSEMBLY_RE.match(tail)):
            return [part[:size], part[size:]]
    return [part]


def normalise_symbol(symbol: str) -> tuple[str, str, str]:
    """``(symbol, type, issuer)`` of a symbol as written: ``nđ - cp`` → ``NĐ-CP``, ``Nghị
    định``, ``Chính phủ``; ``UBND-VP`` (công văn) → ``UBND-VP``, ``""``, ``Ủy ban nhân dân``."""
    parts = [p for p in re.split(rf"\s*{_DASH}+\s*", _SPACES_RE.sub("", symbol)) if p]
    if len(parts) == 1:
        parts = _split_glued(parts[0])
    kind, issuer, out = "", "", []
    for index, part in enumerate(parts):
        folded = _fold(part)
        if index == 0 and folded in TYPE_CODES and len(parts) > 1:
            spelled, kind = TYPE_CODES[folded]
            out.append(spelled)
            continue
        spelled, name = _issuer(part)
        if not issuer and name:
            issuer = name
        out.append(spelled)
    return "-".join(out), kind, issuer


def _type_word(words: str) -> str:
    folded = strip_marks(words).lower()
    if folded in TYPE_WORDS:
        return TYPE_WORDS[folded]
    return TYPE_CODES.get(folded.upper(), ("", ""))[1]


def _date(match: re.Match[str]) -> date | None:
    if match.group("d") is None:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _citation(match: re.Match[str], text: str, written_type: str) -> Citation | None:
    symbol, kind, issuer = normalise_symbol(match.group("sym"))
    if not kind and not issuer and not (written_type and "-" in symbol):
        return None  # "nhà số 5/A": no known code, no symbol of two parts
    year = int(match.group("year")) if match.group("year") else None
    if year is None and _ASSEMBLY_RE.match(_fold(symbol)):
        return None  # a law's number always has its year
    if _ASSEMBLY_RE.match(_fold(symbol.split("-")[0])) and not kind:
        kind = "Luật" if written_type not in _NAMED else written_type
    if written_type in _NAMED or (written_type and not kind):
        kind = written_type
    number = f"{match.group('num')}/{year}/{symbol}" if year else f"{match.group('num')}/{symbol}"
    level = _LEVEL_RE.match(text, match.end())
    return Citation(
        number=number,
        type=kind,
        issuer=issuer,
        year=year,
        issued=_date(match),
        level=level.group("level").lower() if level else "",
        start=match.start(),
        end=match.end(),
        text=_SPACES_RE.sub(" ", match.group(0)),
    )


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text`` (NFC-normalised first: positions are the NFC text's)."""
    text = nfc(text)
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_CITATION_RE, _NAMED_RE):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            written = _type_word(_SPACES_RE.sub(" ", match.group("type")))
            citation = _citation(match, text, written)
            if citation is not None:
                found.append(citation)
                taken.append((match.start(), match.end()))
    for match in _BARE_RE.finditer(text):
        if match.group("year") is None or any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if _SO_BEFORE_RE.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # "Số: 10/2025/QĐ-UBND": a document's own header
        citation = _citation(match, text, "")
        if citation is not None and citation.type and citation.issuer:
            found.append(citation)
    return sorted(found, key=lambda c: c.start)


def parse_number(value: str) -> Citation | None:
    """A bare number and symbol (``61/2018/NĐ-CP``, ``Nghị định số 61/2018/NĐ-CP``), or None."""
    text = nfc(value).strip()
    cited = find_citations(text)
    if cited:
        return cited[0]
    match = _BARE_RE.fullmatch(text) or _BARE_RE.match(text)
    return _citation(match, text, "") if match else None
