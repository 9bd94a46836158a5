"""Decap CMS configuration: generated from the content model, so it cannot drift from it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from cchc.build.content import load_content
from cchc.cms import admin, collections, fields
from cchc.cms.config import cms_config, config_yaml
from cchc.core.problems import ContentError
from cchc.core.settings import load_settings, now_local
from cchc.core.settings_model import validate_settings
from cchc.documents.model import NUMBER_RE
from cchc.posts.model import PostMeta
from cchc.procedures.model import CHANNELS, LEVEL_LABELS, ProcedureMeta
from conftest import FIXTURE, FIXTURE_ROOT, REPO


@pytest.fixture(scope="module")
def settings():  # type: ignore[no-untyped-def]
    return load_settings(FIXTURE_ROOT)


@pytest.fixture(scope="module")
def catalogue(settings):  # type: ignore[no-untyped-def]
    return load_content(settings, now_local()).procedures


def _by_name(items: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["name"]: f for f in items}


def test_every_model_field_is_in_its_collection_and_nothing_else(settings, catalogue) -> None:  # type: ignore[no-untyped-def]
    config = cms_config(settings, catalogue)
    posts, *procedures = config["collections"]
    assert set(fields.field_keys(posts["fields"])) - {"body"} == set(fields.model_keys(PostMeta))
    assert procedures, "one collection per field folder of docs/thu-tuc/"
    for collection in procedures:
        assert set(fields.field_keys(collection["fields"])) - {"body"} == set(
            fields.model_keys(ProcedureMeta)
        )
        names = [f["name"] for f in collection["fields"] if f["name"] != "body"]
        assert names == list(ProcedureMeta.model_fields), "the national order"


def test_every_field_has_a_vietnamese_label() -> None:
    assert set(collections.POSTS) == set(fields.model_keys(PostMeta))
    assert set(collections.PROCEDURES) == set(fields.model_keys(ProcedureMeta))


def test_required_and_widgets_follow_the_models(settings, catalogue) -> None:  # type: ignore[no-untyped-def]
    posts, first, *_ = cms_config(settings, catalogue)["collections"]
    post = _by_name(posts["fields"])
    for name, info in PostMeta.model_fields.items():
        assert post[name]["required"] == info.is_required(), name
    assert post["date"]["widget"] == "datetime" and post["date"]["format"] == "YYYY-MM-DD HH:mm"
    assert post["categories"]["widget"] == "select" and post["categories"]["multiple"] is True
    assert post["categories"]["options"] == [c.name for c in settings.categories]
    assert "field" not in post["categories"]
    assert post["image"]["widget"] == "image" and post["draft"]["widget"] == "boolean"
    attachment = _by_name(post["attachments"]["fields"])
    assert attachment["file"]["widget"] == "file" and attachment["file"]["required"] is True
    document = post["document"]
    assert document["widget"] == "object" and document["required"] is False
    doc = _by_name(document["fields"])
    assert doc["number"]["pattern"][0] == NUMBER_RE.pattern
    assert doc["issued"]["format"] == "YYYY-MM-DD" and doc["issued"]["time_format"] is False
    signer = _by_name(doc["signer"]["fields"])
    assert signer["authority"]["widget"] == "list" and signer["authority"]["field"]["widget"] == "string"
    procedure = _by_name(first["fields"])
    level = procedure["muc_do_truc_tuyen"]
    assert level["widget"] == "select" and [o["value"] for o in level["options"]] == list(LEVEL_LABELS)
    channel = _by_name(procedure["cach_thuc"]["fields"])["hinh_thuc"]
    assert channel["widget"] == "select" and channel["options"] == list(CHANNELS)
    papers = _by_name(procedure["thanh_phan_ho_so"]["fields"])
    assert papers["giay_to"]["widget"] == "list" and papers["mau"]["widget"] == "file"
    assert procedure["cap_nhat"]["format"] == "YYYY-MM-DD"


def test_collections_save_where_the_contract_says(settings, catalogue) -> None:  # type: ignore[no-untyped-def]
    posts, *procedures = cms_config(settings, catalogue)["collections"]
    assert (posts["folder"], posts["path"]) == ("posts", "{{year}}/{{slug}}")
    assert posts["media_folder"] == "" and posts["public_folder"] == ""  # beside the post
    folders = {c["folder"] for c in procedures}
    assert folders == {
        p.parent.relative_to(FIXTURE).as_posix() for p in (FIXTURE / "docs" / "thu-tuc").glob("*/*.md")
    }
    assert all(c["media_folder"] == "../mau" for c in procedures)


def test_backends(tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    def config(cms: dict) -> dict:  # type: ignore[type-arg]
        return cms_config(validate_settings(tmp_path, {"site_name": "X", "extra": {"cms": cms}}), catalogue)

    local = config({})
    assert local["backend"]["name"] == "proxy" and "publish_mode" not in local
    assert local["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert local["locale"] == "vi"
    assert local["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    gitlab = config({"backend": "gitlab", "repo": "xa/cchc", "app_id": "abc"})
    assert gitlab["backend"] == {
        "name": "gitlab",
        "repo": "xa/cchc",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc",
    }
    assert gitlab["publish_mode"] == "editorial_workflow"
    github = config({"backend": "github", "repo": "xa/cchc", "base_url": "https://oauth.example.gov.vn"})
    assert github["backend"]["base_url"] == "https://oauth.example.gov.vn"
    assert "publish_mode" not in config(
        {"backend": "github", "repo": "a/b", "base_url": "https://o.vn", "editorial_workflow": False}
    )


@pytest.mark.parametrize(
    ("cms", "words"),
    [
        ({"backend": "bitbucket"}, "Kiểu lưu trữ «bitbucket»"),
        ({"backend": "gitlab", "repo": "a/b"}, "app_id"),
        ({"backend": "github", "repo": "a/b"}, "base_url"),
        ({"backend": "gitlab", "app_id": "x"}, "repo"),
        ({"repo": "không có dấu gạch"}, "Tên kho"),
        ({"local_port": 80}, "local_port"),
        ({"lcoal_port": 8081}, "local_port"),
    ],
)
def test_cms_settings_are_checked_in_vietnamese(tmp_path: Path, cms: dict, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ContentError) as raised:
        validate_settings(tmp_path, {"site_name": "X", "extra": {"cms": cms}})
    assert words in raised.value.report()


def test_config_yaml_reads_back(settings, catalogue) -> None:  # type: ignore[no-untyped-def]
    text = config_yaml(settings, catalogue)
    assert yaml.safe_load(text) == cms_config(settings, catalogue)
    assert "Tiêu đề" in text  # Vietnamese as written, not escaped


def test_admin_files(settings, catalogue) -> None:  # type: ignore[no-untyped-def]
    files = admin.admin_files(settings, catalogue)
    page = files["admin/index.html"].decode()
    assert '<html lang="vi">' in page and 'content="noindex' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    if admin.node_modules(REPO) is None:
        assert "chưa được cài đặt" in page
        return
    assert "admin/vendor/decap-cms.js" in files and "admin/vendor/decap-cms-locale-vi.js" in files
    assert any(name.endswith(".wasm") for name in files)
    assert b"CMS.registerLocale" in files["admin/cms.js"] and b"registerPreviewStyle" in files["admin/cms.js"]
    assert not any(name.endswith(".map") for name in files)


def test_admin_page_without_node_modules(tmp_path: Path, settings, catalogue, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(admin, "REPO_MODULES", tmp_path / "none")
    files = admin.admin_files(dataclasses.replace(settings, root=tmp_path), catalogue)
    assert set(files) == {"admin/index.html", "admin/config.yml", "admin/admin.css"}
    assert "npm ci" in files["admin/index.html"].decode()


def test_package_pins_are_exact() -> None:
    import json

    package = json.loads((REPO / "package.json").read_text())
    lock = json.loads((REPO / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name}: pin an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
