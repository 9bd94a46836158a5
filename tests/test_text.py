"""Unit tests of Vietnamese text handling: slugs, decoding of officials' files, legacy fonts."""

from __future__ import annotations

import unicodedata

import pytest

from cchc.core.text import decode_source, find_legacy, legacy_encoding, nfc, slugify, strip_marks


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đăng ký khai sinh – Báo cáo số 291/BC-UBND", "dang-ky-khai-sinh-bao-cao-so-291-bc-ubnd"),
        ("ĐỊNH DANH ĐIỆN TỬ VNeID", "dinh-danh-dien-tu-vneid"),
        ("Hòa giải tranh chấp đất đai", "hoa-giai-tranh-chap-dat-dai"),
        ("Thuỷ lợi, thủy sản", "thuy-loi-thuy-san"),
        ("  «Một cửa» & dịch vụ công!  ", "mot-cua-dich-vu-cong"),
        (unicodedata.normalize("NFD", "Thượng Long"), "thuong-long"),
    ],
)
def test_slugify_folds_vietnamese(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_strip_marks_handles_d_with_stroke() -> None:
    assert strip_marks("Đặng Đình đủ") == "Dang Dinh du"


def test_decode_accepts_bom_crlf_and_nfd() -> None:
    raw = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", "Thượng Long\r\nxã").encode("utf-8")
    text, notes = decode_source(raw)
    assert text == "Thượng Long\nxã" and unicodedata.is_normalized("NFC", text)
    assert notes == ["bom", "crlf", "nfd"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Thượng Long".encode("utf-16"), "utf16"),
        ("Thượng Long".encode("utf-16-le"), "utf16"),
        ("Báo cáo".encode("cp1258"), "not-utf8"),
    ],
)
def test_decode_refuses_other_encodings(raw: bytes, reason: str) -> None:
    with pytest.raises(UnicodeError) as caught:
        decode_source(raw)
    assert caught.value.args[0] == reason


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Ñy ban nh©n d©n x· Th­îng Long b¸o c¸o kÕt qu¶", "TCVN3"),
        ("UÛy ban nhaân daân xaõ Thöôïng Long baùo caùo keát quaû", "VNI"),
        ("Ủy ban nhân dân xã Thượng Long báo cáo kết quả", None),
        ("Thông tin nhân dân gì đã về «Một cửa» © 2024", None),
        ("Café résumé naïve", None),
    ],
)
def test_legacy_encoding_detection(text: str, encoding: str | None) -> None:
    assert legacy_encoding(text) == encoding


def test_legacy_paragraph_is_found_with_its_line() -> None:
    text = "Tiêu đề tiếng Việt đúng chuẩn.\n\nĐoạn hai.\n\nNéi dung b¸o c¸o cña ñy ban nh©n d©n x·.\n"
    assert find_legacy(text) == ("TCVN3", 5)


def test_nfc() -> None:
    assert nfc(unicodedata.normalize("NFD", "Hoà")) == "Hoà"
