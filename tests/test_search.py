"""Search folding (``cchc.text``) and the search index (``cchc.search``), without a browser."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cchc.core.settings import TIMEZONE
from cchc.core.text import exact_key, fold, slugify, words
from cchc.search import index as search
from cchc.search.index import SearchDoc, build_index, doc_from_post, pair_bucket
from cchc.search.terms import pairs
from cchc.search.text import plain_text
from conftest import build_ok, make_project, post

SHARED = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))
VECTORS = SHARED["vectors"]

# Every Vietnamese vowel, with the letter it folds to.
VOWELS = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "i",
}
TONES = {"\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j"}  # huyền sắc ngã hỏi nặng


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- folding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("vowel", sorted(VOWELS))
def test_fold_removes_all_five_tones_from_every_vowel(vowel: str) -> None:
    for mark in TONES:
        toned = nfc(vowel + mark)
        assert len(toned) == 1, "a precomposed letter"
        assert fold(toned) == VOWELS[vowel]
        assert fold(toned.upper()) == VOWELS[vowel]
        assert fold(nfd(toned)) == VOWELS[vowel]


@pytest.mark.parametrize("vowel", sorted(VOWELS))
def test_exact_key_keeps_vowel_marks_and_names_the_tone(vowel: str) -> None:
    base = vowel.replace("y", "i")
    assert exact_key(vowel) == base
    for mark, letter in TONES.items():
        toned = nfc(vowel + mark)
        assert exact_key(toned) == f"{base}:{letter}"
        assert exact_key(toned.upper()) == f"{base}:{letter}"
        assert exact_key(nfd(toned)) == f"{base}:{letter}"


def test_fold_maps_d_with_stroke_to_d() -> None:
    assert fold("đất đai") == "dat dai"
    assert fold("ĐẤT ĐAI") == "dat dai"
    assert fold("Đơn đề nghị") == "don de nghi"
    assert exact_key("Đất") == exact_key("đất") == "đât:s"
    assert exact_key("đất") != exact_key("dất")


def test_nfd_input_folds_like_nfc() -> None:
    for text in ("Hòa giải tranh chấp đất đai", "một cửa liên thông", "giấy phép xây dựng", "Thuỷ lợi"):
        assert nfd(text) != text
        assert fold(nfd(text)) == fold(text)
        assert [exact_key(w) for w in words(nfd(text))] == [exact_key(w) for w in words(text)]


def test_y_and_i_spellings_match() -> None:
    for with_y, with_i in (
        ("ký", "kí"),
        ("lý", "lí"),
        ("mỹ", "mĩ"),
        ("kỳ", "kì"),
        ("quý", "quí"),
        ("Ký", "KÍ"),
    ):
        assert fold(with_y) == fold(with_i)
        assert exact_key(with_y) == exact_key(with_i)


def test_old_and_new_tone_placement_share_an_exact_key() -> None:
    for old, new in (("hoà", "hòa"), ("thuý", "thúy"), ("thuỷ", "thủy"), ("hoá", "hóa"), ("khoẻ", "khỏe")):
        assert old != new
        assert exact_key(old) == exact_key(new)


def test_words_that_only_fold_alike_keep_different_exact_keys() -> None:
    family = ["dùng", "dựng", "đúng", "dụng", "dung"]
    assert {fold(w) for w in family} == {"dung"}
    assert len({exact_key(w) for w in family}) == len(family)


def test_slugs_keep_y() -> None:
    assert slugify("Đăng ký khai sinh") == "dang-ky-khai-sinh"


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: slugify(v["input"]) or "symbols")
def test_shared_vectors(vector: dict[str, object]) -> None:
    """The same file is checked against search.js in tests/test_search_browser.py."""
    text = str(vector["input"])
    assert fold(text) == vector["fold"]
    assert words(text) == vector["words"]
    assert [exact_key(w) for w in words(text)] == vector["exact_keys"]


@pytest.mark.parametrize("case", SHARED["pair_buckets"], ids=lambda c: f"{slugify(c['pair'])}-{c['buckets']}")
def test_shared_pair_buckets(case: dict[str, Any]) -> None:
    assert pair_bucket(case["pair"], case["buckets"]) == case["bucket"]


def test_pairs_are_adjacent_words_within_a_clause() -> None:
    assert pairs("Thủ tục đăng ký khai sinh. Kết hôn; hộ  tịch") == {
        "thu tuc", "tuc dang", "dang ki", "ki khai", "khai sinh", "ket hon", "ho tich"
    }  # fmt: skip
    assert pairs(nfd("Lý lịch tư pháp")) == {"li lich", "lich tu", "tu phap"}
    assert pairs("một") == set()


# --- plain text of a page ------------------------------------------------------------------------


def test_plain_text_keeps_prose_and_drops_chrome() -> None:
    html = (
        '<h1 id="t">Tiêu đề<a class="headerlink" href="#t">¶</a></h1>'
        '<p class="cchc-meta"><time>Thứ Năm, 26/10/2023</time> · Chuyên mục: Tin tức</p>'
        '<nav class="tthc-crumbs"><a href="../">Thủ tục hành chính</a></nav>'
        "<p>Đăng ký <strong>khai sinh</strong> cho trẻ&nbsp;em &amp; người lớn.<br>Dòng hai</p>"
        '<h2 id="b">Các bước<a class="headerlink" href="#b" title="Liên kết tới mục này">&para;</a></h2>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "JSON-LD"}</script>'
        "<script>var hidden = 'mã';</script><style>p { color: red }</style>"
        "<ul><li>Bước một<li>Bước hai</ul>"
        "<p hidden>ẩn</p><div data-search-exclude><p>không tìm</p></div>"
        '<p class="cchc-actions"><button type="button">In / lưu bài viết</button></p>'
        '<div class="cchc-list cchc-latest"><article>Tin khác</article></div>'
        "<table><tr><th>Mã</th><td>1.001193</td></tr></table>"
    )
    text = plain_text(html)
    assert text == (
        "Đăng ký khai sinh cho trẻ em & người lớn. Dòng hai Các bước Bước một Bước hai Mã 1.001193"
    )


def test_plain_text_of_nfd_html_is_nfc() -> None:
    text = plain_text(nfd("<p>Hòa giải tranh chấp đất đai</p>"))
    assert text == "Hòa giải tranh chấp đất đai"
    assert unicodedata.is_normalized("NFC", text)


def test_post_doc_has_its_date_and_tags() -> None:
    class FakePost:  # only what doc_from_post reads from a Post
        title = "Đăng ký kết hôn"
        date = datetime(2024, 4, 2, 8, 30, tzinfo=TIMEZONE)
        tags = ("Hộ tịch", "Một cửa")

    text = plain_text("<h1>Đăng ký kết hôn</h1><p>Hai bên cùng có mặt.</p>")
    doc = doc_from_post("tin-tuc/ket-hon/", FakePost(), text)  # type: ignore[arg-type]
    assert doc == SearchDoc(
        "tin-tuc/ket-hon/",
        "Đăng ký kết hôn",
        "Hai bên cùng có mặt. Chủ đề: Hộ tịch, Một cửa.",
        "post",
        "2024-04-02",
    )


# --- the index ---------------------------------------------------------------------------------

DOCS = [
    SearchDoc(
        "tin-tuc/xay-dung/",
        "Xây dựng nhà ở",
        "Xây dựng nhà ở cần giấy phép xây dựng. Dựng nhà.",
        "post",
        "2024-05-10",
    ),
    SearchDoc(
        "tin-tuc/vneid/",
        "Hướng dẫn dùng VNeID",
        "Dùng tài khoản định danh điện tử. Đang đăng ký.",
        "post",
        "2024-03-22",
    ),
    SearchDoc(
        "thu-tuc/ho-tich/dang-ky-khai-sinh/",
        "Đăng ký khai sinh",
        "Nộp tờ khai đăng kí khai sinh.",
        "procedure",
    ),
    SearchDoc("", "Trang chủ", "Cổng thông tin cải cách hành chính. Straße Œuvre.", "page"),
]


def load(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def shard(files: dict[str, bytes], key: str) -> dict[str, list[int]]:
    """A folded key's raw postings, from its own file or its group's, as search.js finds them."""
    vocabulary = load(files, "search/index.json")
    df = dict(zip(vocabulary["keys"], vocabulary["df"], strict=True))[key]
    if df <= vocabulary["small"]:
        return load(files, f"search/t/_g{pair_bucket(key, vocabulary['groups'])}.json")[key]
    return load(files, f"search/t/{vocabulary['files'].get(key, key)}.json")


def record(files: dict[str, bytes], number: int) -> dict[str, str]:
    per_file = load(files, "search/index.json")["per_file"]
    return load(files, f"search/d/{number // per_file}.json")[number % per_file]


def postings(files: dict[str, bytes], key: str) -> dict[str, dict[int, int]]:
    """``{variant: {doc number: weight * 2 + in title}}`` of one folded key's shard."""
    raw = shard(files, key)
    decoded = {}
    for variant, flat in raw.items():
        half = len(flat) // 2
        numbers, doc = [], 0
        for gap in flat[:half]:
            doc += gap
            numbers.append(doc)
        decoded[variant] = dict(zip(numbers, flat[half:], strict=True))
    return decoded


def test_index_files_are_vocabulary_shards_and_doc_records() -> None:
    files = build_index(DOCS)
    vocabulary = load(files, "search/index.json")
    keys = vocabulary["keys"]
    assert keys == sorted(keys)
    assert vocabulary["docs"] == 4
    assert {"dang", "ki", "khai", "sinh", "xai", "dung"} <= set(keys)
    assert len(vocabulary["df"]) == len(keys)
    assert dict(zip(keys, vocabulary["df"], strict=True))["dang"] == 2
    assert all(df <= vocabulary["small"] for df in vocabulary["df"])  # a small site: all keys rare
    assert vocabulary["groups"] == 1  # so they share one group file
    shard_files = {p for p in files if p.startswith("search/t/")}
    assert shard_files == {"search/t/_g0.json"}
    assert sorted(load(files, "search/t/_g0.json")) == keys
    records = {"search/d/0.json"} | {f"search/x/{n}.txt" for n in range(4)}  # 4 records in one file
    pair_files = {f"search/p/{n}.json" for n in range(vocabulary["buckets"])}
    assert set(files) == shard_files | pair_files | records | {"search/index.json"}


def test_common_keys_have_their_own_shard_and_rare_keys_share_groups() -> None:
    docs = [SearchDoc(f"{n:03d}/", f"Bài {n}", f"thủ tục số{n} Straße", "page") for n in range(300)]
    files = build_index(docs)
    vocabulary = load(files, "search/index.json")
    assert "search/t/thu.json" in files and "search/t/tuc.json" in files  # in every document
    rare = [k for k in vocabulary["keys"] if k.startswith("so")]
    assert len(rare) == 300 and all(f"search/t/{k}.json" not in files for k in rare)
    groups = {p for p in files if p.startswith("search/t/_g")}
    assert vocabulary["groups"] == 16 and len(groups) <= 16  # 600 rare keys (số0…, 0…), ~64 a file
    assert set(postings(files, "so7")) == {"sô7:s"}  # the exact spelling "số7"
    assert set(postings(files, "so7")["sô7:s"]) == {[d.url for d in docs].index("007/")}
    record_files = {p for p in files if p.startswith("search/d/")}
    assert len(record_files) == 300 // search.DOCS_PER_FILE + 1
    assert record(files, 299)["u"] == "299/"


def test_pair_files_list_documents_with_adjacent_words() -> None:
    files = build_index(DOCS)
    buckets = load(files, "search/index.json")["buckets"]
    assert buckets == 1  # a small site: one file
    content = load(files, "search/p/0.json")
    assert content["khai sinh"] == [1]  # gaps: document 1 only
    assert content["xai dung"] == [3]
    assert content["dang ki"] == [1, 1]  # documents 1 and 2
    assert "sinh xai" not in content
    many = build_index([SearchDoc(f"{n}/", f"Bài {n}", f"từ{n} chữ{n} câu{n}", "page") for n in range(200)])
    buckets = load(many, "search/index.json")["buckets"]
    assert buckets == 16  # 600 distinct pairs, at most about 64 a file
    pair = "tu7 chu7"
    assert load(many, f"search/p/{pair_bucket(pair, buckets)}.json")[pair] == [
        sorted(f"{n}/" for n in range(200)).index("7/")
    ]


def test_documents_are_numbered_by_url_and_records_carry_what_results_show() -> None:
    files = build_index(DOCS)
    records = [record(files, n) for n in range(4)]
    assert [r["u"] for r in records] == [
        "",
        "thu-tuc/ho-tich/dang-ky-khai-sinh/",
        "tin-tuc/vneid/",
        "tin-tuc/xay-dung/",
    ]
    assert records[2] == {"t": "Hướng dẫn dùng VNeID", "u": "tin-tuc/vneid/", "k": "post", "d": "2024-03-22"}
    assert files["search/x/2.txt"].decode() == "Dùng tài khoản định danh điện tử. Đang đăng ký."
    assert "d" not in records[1]
    assert records[1]["k"] == "procedure"


def test_postings_are_split_by_spelling_variant() -> None:
    files = build_index(DOCS)
    assert set(postings(files, "dung")) == {"dung:f", "dưng:j"}  # dùng / dựng (and Dựng)
    assert postings(files, "dang") == {
        "đang": {2: postings(files, "dang")["đang"][2]},
        "đăng": postings(files, "dang")["đăng"],
    }
    assert set(postings(files, "dang")["đăng"]) == {1, 2}
    assert set(postings(files, "ki")) == {"ki:s"}  # ký and kí are one spelling
    assert set(postings(files, "ki")["ki:s"]) == {1, 2}


def test_weights_are_positive_integers_and_mark_title_words() -> None:
    files = build_index(DOCS)
    vocabulary = load(files, "search/index.json")
    for key in vocabulary["keys"]:
        for flat in shard(files, key).values():
            gaps, weights = flat[: len(flat) // 2], flat[len(flat) // 2 :]
            assert gaps[0] >= 0 and all(gap > 0 for gap in gaps[1:])  # document numbers ascend
            assert all(isinstance(w, int) and w > 0 for w in weights)
    dang_ky = postings(files, "ki")["ki:s"]
    assert dang_ky[1] % 2 == 1  # "Đăng ký khai sinh": in the title
    assert dang_ky[2] % 2 == 0  # VNeID: only in the text
    assert dang_ky[1] // 2 > dang_ky[2] // 2  # and the title weighs more
    assert set(postings(files, "xai")["xâi"]) == {3}


def test_keys_that_are_not_plain_ascii_get_numbered_files() -> None:
    files = build_index([SearchDoc(f"{n}/", "Trang", "Straße Œuvre bài", "page") for n in range(6)])
    vocabulary = load(files, "search/index.json")
    keys = vocabulary["keys"]
    special = vocabulary["files"]
    assert set(special) == {k for k in keys if not k.isascii()} == {"straße", "œuvre"}
    for key, name in special.items():
        assert name == f"_{keys.index(key)}"
        assert f"search/t/{name}.json" in files
    assert set(postings(files, "straße")) == {"straße"}


def test_documents_streamed_in_url_order_give_the_same_index() -> None:
    """The build streams the posts (their texts never all in memory) and then adds the
    other pages as a batch; the index is the one of adding each batch whole."""
    posts = sorted(DOCS, key=lambda d: d.url)[:3]
    pages = sorted(DOCS, key=lambda d: d.url)[3:]
    whole = search.IndexBuilder()
    whole.add_all(posts)
    whole.add_all(pages)
    streamed = search.IndexBuilder()
    streamed.add_in_order(iter(posts))
    streamed.add_all(pages)
    assert streamed.files() == whole.files()
    with pytest.raises(ValueError, match="out of URL order"):
        search.IndexBuilder().add_in_order(reversed(posts))


def test_index_is_deterministic_and_versioned_by_content() -> None:
    first = build_index(DOCS)
    assert build_index(list(reversed(DOCS))) == first
    assert build_index(DOCS + DOCS[:1]) == first  # a page reported twice is indexed once
    changed = build_index([*DOCS[:3], SearchDoc("", "Trang chủ", "Nội dung khác.", "page")])
    assert load(changed, "search/index.json")["build"] != load(first, "search/index.json")["build"]
    assert list(first) == sorted(first)


def test_long_texts_are_trimmed_for_excerpts_at_a_word_boundary() -> None:
    long = " ".join(["thủ tục hành chính"] * 2000)
    files = build_index([SearchDoc("a/", "Dài", long, "page")])
    excerpt = files["search/x/0.txt"].decode()
    assert len(excerpt) <= search.EXCERPT_CHARS + 2
    assert excerpt.endswith(" …")
    assert excerpt.removesuffix(" …").split()[-1] in {"thủ", "tục", "hành", "chính"}
    assert postings(files, "thu")["thu:r"][0] > 0  # the whole text is still indexed


def test_empty_site_has_an_empty_vocabulary() -> None:
    files = build_index([])
    vocabulary = load(files, "search/index.json")
    assert list(files) == ["search/index.json", "search/p/0.json"]  # no documents, no shards
    assert load(files, "search/p/0.json") == {}
    assert {k: v for k, v in vocabulary.items() if k != "build"} == {
        "buckets": 1,
        "docs": 0,
        "df": [],
        "files": {},
        "groups": 1,
        "keys": [],
        "per_file": search.DOCS_PER_FILE,
        "small": search.SMALL_DF,
        "version": 2,
    }


# --- in a real build -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    posts = {
        "2024/a.md": post("Đăng ký kết hôn", "2024-04-02", body="Hai bên cùng có mặt.\n"),
        "2024/b.md": post("Bản nháp", "2024-04-03", extra="draft: true\n", body="Chưa đăng.\n"),
        "2026/c.md": post("Hẹn giờ đăng", "2026-12-30", body="Chưa tới giờ.\n"),
    }
    docs = {"trang-rieng.md": "# Trang riêng\n\nNội dung riêng.\n"}
    return build_ok(make_project(tmp_path_factory.mktemp("search-build") / "site-src", posts, docs))


@pytest.mark.slow
def test_build_writes_the_index_and_never_materials_search_index(built: Path) -> None:
    assert (built / "search" / "index.json").is_file()
    assert not (built / "search" / "search_index.json").exists()
    records = [r for p in (built / "search" / "d").glob("*.json") for r in json.loads(p.read_text("utf-8"))]
    urls = sorted(r["u"] for r in records)
    assert "tin-tuc/dang-ky-ket-hon/" in urls
    assert "trang-rieng/" in urls
    assert "" in urls  # the home page
    assert not [u for u in urls if "chuyen-muc" in u or "luu-tru" in u or "chu-de" in u]  # listings are not
    assert not [u for u in urls if "ban-nhap" in u or "hen-gio" in u]  # drafts and scheduled posts are not


@pytest.mark.slow
def test_build_is_byte_identical_twice(built: Path, tmp_path: Path) -> None:
    project = built.parent
    again = build_ok(project)
    first = {p.relative_to(again).as_posix() for p in (again / "search").rglob("*") if p.is_file()}
    assert first
    snapshot = {rel: (again / rel).read_bytes() for rel in first}
    third = build_ok(project)
    assert {rel: (third / rel).read_bytes() for rel in first} == snapshot


# --- post records from their parts (the build's fast path) ---------------------------------


def test_stored_weights_are_the_bm25_weight_of_each_posting() -> None:
    docs = [SearchDoc("1/", "Tiêu đề", "an an bo", "page"), SearchDoc("2/", "Bo", "bo co", "page")]
    files = build_index(docs)
    avg = (3 + 2) / 2
    assert postings(files, "an") == {"an": {0: search.weight(2, False, 3, avg, search.idf(1, 2)) * 2}}
    assert postings(files, "bo") == {
        "bo": {
            0: search.weight(1, False, 3, avg, search.idf(2, 2)) * 2,
            1: search.weight(1, True, 2, avg, search.idf(2, 2)) * 2 + 1,  # also in the title
        }
    }
