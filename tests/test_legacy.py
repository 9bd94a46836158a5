"""TCVN3 and VNI text pasted from old Word documents: the tables, detection and conversion."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cchc.core import legacy
from cchc.core.legacy import TCVN3, VNI, convert_line, decode, encode, is_syllable, line_conversions
from cchc.core.text import decode_lenient, find_legacy, legacy_encoding

# Real sentences of commune documents (capitals with a mark only where TCVN3 can store them:
# at the start of a sentence, in all-caps lines, or the old spelling «Uỷ»).
SENTENCES = [
    "Uỷ ban nhân dân xã Thượng Long báo cáo kết quả công tác cải cách hành chính năm 2023.",
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc",
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 15 tháng 3 năm 2024 của Uỷ ban nhân dân huyện về việc tuyên truyền.",
    "Người dân đến Bộ phận một cửa để nộp hồ sơ đăng ký khai sinh, kết hôn và chứng thực bản sao.",
    "Hồ sơ nộp trước 15 giờ được giải quyết trong ngày; hồ sơ nhận sau 15 giờ được trả kết quả vào ngày làm việc tiếp theo.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, xây dựng chính quyền điện tử, chính quyền số.",
    "Thời hạn giải quyết: 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Lệ phí: miễn lệ phí đối với người thuộc gia đình có công với cách mạng, hộ nghèo.",
]
CAPITALS = [
    "ỦY BAN NHÂN DÂN XÃ THƯỢNG LONG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "QUYẾT ĐỊNH VỀ VIỆC KIỆN TOÀN BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
    "BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
]
# Text with accents that is not legacy text: left exactly as it is.
TRAPS = [
    "Ủy ban nhân dân xã Thượng Long báo cáo kết quả công tác cải cách hành chính năm 2023.",
    "Thông báo: lịch tiếp công dân; Hòa giải, thuỷ lợi, Đắk Lắk, Kon Tum, Bắc Kạn, xoong nồi, cà phê.",
    "Báo cáo «Một cửa» © 2024 — Coca-Cola® § 5, ¶ 3, 50 µm, ½ giờ, 25°C, ±3; ý kiến, là, có, và, nó.",
    "The café on the Champs-Élysées serves crème brûlée, a naïve résumé from the fiancé of Zoë.",
    "Là où il y a une volonté, il y a un chemin. Où est la gare? Noël à Paris, déjà vu, été, élève.",
    "Château, fête, hôtel, garçon, français, maïs, Raphaël, Loïc, héroïne, cœur, île, même, très.",
    "Müller aß in München Käse und Brötchen; schön, Größe, über, für, Straße, Öl, Tür, Mädchen, hören.",
    "Zürich, Köln, Düsseldorf, Österreich, möglich, Grüße, Bär, Tschüss, Göttingen, Fußgänger.",
    "El niño y la niña comen en España; señor, año, mañana, canción, nación, sí, qué, Perú.",
    "Søren Kierkegaard bor i København; Ærø, Møn, blåbær, smørrebrød, São Paulo, coração, não.",
    "«Tin tức» «Thông báo» «Báo cáo» «date» «01/12/2026»",
]


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_tables_are_complete_and_invertible(encoding: str) -> None:
    """Every one of the 134 letters (67 with a mark, both cases) has a spelling, and decoding
    that spelling gives the letter back."""
    letters = [c for c in legacy.LETTERS if c not in "aeiouy"]
    assert len(letters) == 67
    for letter in letters + [c.upper() for c in letters]:
        written = encode(letter, encoding)
        assert written != letter or letter in ("íìÍÌ" if encoding == VNI else "ý"), letter
        back = decode(written, encoding)
        assert back.lower() == letter.lower(), (letter, written, back)
        if encoding == VNI or letter in "ăâêôơưđĂÂÊÔƠƯĐ" or letter.islower():
            assert back == letter


def test_tcvn3_codes_from_the_published_layout() -> None:
    """Spot checks against TCVN 5712 VN3 (the ABC layout): á ¸, à µ, ả ¶, ã ·, ạ ¹, ă ¨, â ©, ê ª, đ ®."""
    assert encode("áàảãạăâêđ", TCVN3) == "¸µ¶·¹¨©ª®"
    assert encode("ôơư", TCVN3) == "«¬\xad"
    assert encode("ĂÂÊÔƠƯĐ", TCVN3) == "¡¢£¤¥¦§"
    assert encode("Ủy ban nhân dân", VNI) == "UÛy ban nhaân daân"
    assert encode("Việt Nam, đường", VNI) == "Vieät Nam, ñöôøng"


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip(encoding: str, sentence: str) -> None:
    pasted = encode(sentence, encoding)
    assert pasted != sentence
    assert legacy_encoding(pasted) == encoding
    assert convert_line(pasted) == (sentence, encoding)


@pytest.mark.parametrize("sentence", CAPITALS)
def test_upper_case_tcvn3(sentence: str) -> None:
    """Typed in .VnTimeH: the capitals with a mark are stored as the lower-case codes."""
    pasted = encode(sentence, TCVN3, capitals_font=True)
    assert any(c in pasted for c in "©¸µ·¹ñÝÞ")  # lower-case codes
    assert convert_line(pasted) == (sentence, TCVN3)
    assert convert_line(encode(sentence, VNI)) == (sentence, VNI)


def test_upper_case_by_word_change_case() -> None:
    """Word's «Change case» on TCVN3 text turns ``ñ`` into ``Ñ``: read back as Ủ."""
    assert (
        convert_line("Ñy ban nh©n d©n x· Th­îng Long b¸o c¸o")[0] == "Ủy ban nhân dân xã Thượng Long báo cáo"
    )


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_mixed_line_converts_only_the_legacy_part(encoding: str) -> None:
    head = "Thông báo của Ủy ban nhân dân xã: "
    tail = "kết quả công tác cải cách hành chính năm 2024"
    line = head + encode(tail, encoding) + " (đã được duyệt)."
    converted, found = convert_line(line)
    assert found == encoding
    assert converted == head + tail + " (đã được duyệt)."
    assert all(item.start >= len(head) for item in line_conversions(line))


@pytest.mark.parametrize("text", TRAPS)
def test_false_positive_traps(text: str) -> None:
    assert line_conversions(text) == []
    assert convert_line(text) == (text, None)
    assert legacy_encoding(text) is None


def test_no_false_positive_in_material_translations() -> None:
    """The theme's 60-odd translations: thousands of lines with accents, in most European languages."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    lines = [line for path in sorted(folder.glob("*.html")) for line in path.read_text("utf-8").splitlines()]
    accented = [unicodedata.normalize("NFC", line) for line in lines if not line.isascii()]
    assert len(accented) > 1500
    assert [line for line in accented if line_conversions(line)] == []


def test_one_word_value_needs_a_whole_vietnamese_reading() -> None:
    assert convert_line("Tin tøc") == ("Tin tức", TCVN3)  # every word reads as Vietnamese
    assert convert_line("Je ne sais pas où")[1] is None  # French «où» is not VNI «ó»


def test_converted_text_is_stable() -> None:
    for sentence in SENTENCES:
        for encoding in (TCVN3, VNI):
            once = convert_line(encode(sentence, encoding))[0]
            assert convert_line(once) == (once, None)


def test_syllables() -> None:
    for word in ("nghiêng", "khuya", "quyết", "giặc", "gì", "thượng", "Ủy", "hòa", "hoà", "tuyển", "ngoài"):
        assert is_syllable(word), word
    for word in ("café", "héi", "nh©n", "schön", "kinh", "cinh", "ghà", "bátt", "oo", "mét2"):
        assert is_syllable(word) is (word == "kinh"), word


def test_find_legacy_names_the_line() -> None:
    text = (
        "Tiêu đề đúng chuẩn.\n\nĐoạn hai.\n\n"
        + encode("Nội dung báo cáo của Uỷ ban nhân dân xã.", TCVN3)
        + "\n"
    )
    assert find_legacy(text) == (TCVN3, 5)


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Windows saves it: base letters with their tone as a combining mark."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (_cp1258(SENTENCES[0]), "Windows-1258"),
        (SENTENCES[0].encode("utf-16"), "UTF-16"),
        (SENTENCES[0].encode("utf-16-le"), "UTF-16"),
        (encode(SENTENCES[0], TCVN3).encode("cp1252"), TCVN3),
        (encode(SENTENCES[0], VNI).encode("cp1252"), VNI),
    ],
)
def test_whole_files_in_other_encodings(raw: bytes, encoding: str) -> None:
    assert decode_lenient(raw) == (SENTENCES[0], encoding)
