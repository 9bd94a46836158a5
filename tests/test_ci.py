"""CI: the checker's output formats (``check --format``), the pipeline files and gh-deploy.

Every format is asserted on broken fixtures with exact strings: file, line, field and the
Vietnamese text. The workflow files are linted offline (actionlint with shellcheck, GitHub's
and GitLab's schemas vendored in check-jsonschema); ``mkdocs gh-deploy`` pushes to a local
bare repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from cchc.__main__ import main
from cchc.core import reports
from cchc.core.problems import Problem
from conftest import NOW, REPO, make_project, post

BIN = Path(sys.executable).parent
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
GITLAB = REPO / ".gitlab-ci.yml"

# The broken post: a category without its diacritics, on line 4.
POST = "posts/2024/bai-loi.md"
POST_MESSAGE = "Chuyên mục «Tin tuc» không có trong danh sách của trang."
POST_FIX = "Viết đúng «Tin tức» (có dấu, đúng chữ hoa)."
POST_REPORT = (
    "Kiểm tra nội dung: có 1 lỗi trong 1 tệp. Hãy sửa các lỗi sau rồi chạy lại:\n"
    f"  1. {POST}, dòng 4, trường «categories»: {POST_MESSAGE} Cách sửa: {POST_FIX}\n"
)
# mkdocs.yml: a number written in words.
SETTINGS_MESSAGE = "Giá trị phải là một số nguyên từ 1 đến 200; hiện đang là «hai»."
SETTINGS_FIX = "Viết bằng chữ số, không đặt trong ngoặc kép, ví dụ «per_page: 20»."
# A valid site with a misspelt key: a warning on line 5.
WARN_POST = "posts/2024/bai-tot.md"
WARN_MESSAGE = "Khóa «tag» không có trong mẫu nên bị bỏ qua."
WARN_FIX = "Có phải ý bạn là «tags»?"
VALID = "Nội dung hợp lệ: 1 bài sẽ đăng, 0 bản nháp, 0 bài hẹn giờ, 0 thủ tục hành chính.\n"
GITHUB_VARS = ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same "now" as the builds; no runner variables leak in (tests may run in Actions)."""
    monkeypatch.setenv("CCHC_NOW", NOW)
    for name in GITHUB_VARS:
        monkeypatch.delenv(name, raising=False)


def broken_post(root: Path) -> Path:
    return make_project(root, posts={"2024/bai-loi.md": post(categories="[Tin tuc]")})


def broken_settings(root: Path) -> tuple[Path, int]:
    """A project whose ``extra.per_page`` is ``hai``; returns it with that line's number."""
    project = make_project(root, posts={"2024/bai-tot.md": post()})
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith("per_page:"))
    lines[number - 1] = "  per_page: hai\n"
    (project / "mkdocs.yml").write_text("".join(lines), encoding="utf-8")
    return project, number


def with_warning(root: Path) -> Path:
    return make_project(root, posts={"2024/bai-tot.md": post(extra="tag: [Một cửa]\n")})


def run_check(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--root", str(project), *args])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def validate(data: object) -> None:
    jsonschema.Draft202012Validator(reports.schema()).validate(data)


# --- text -------------------------------------------------------------------------------


def test_text_is_the_build_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(capsys, broken_post(project)) == (1, "", POST_REPORT)
    assert run_check(capsys, project, "--format", "text") == (1, "", POST_REPORT)


def test_text_settings_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, line = broken_settings(tmp_path / "p")
    assert run_check(capsys, project) == (
        1,
        "",
        "Kiểm tra nội dung: có 1 lỗi trong 1 tệp. Hãy sửa các lỗi sau rồi chạy lại:\n"
        f"  1. mkdocs.yml, dòng {line}, trường «extra.per_page»: {SETTINGS_MESSAGE} Cách sửa: {SETTINGS_FIX}\n",
    )


def test_text_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(capsys, with_warning(project)) == (
        0,
        VALID,
        f"Cảnh báo: {WARN_POST}, dòng 5, trường «tag»: {WARN_MESSAGE} Cách sửa: {WARN_FIX}\n",
    )


# --- GitHub -----------------------------------------------------------------------------


def test_github_post(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## Bước trước\n\n", encoding="utf-8")  # appended to, never replaced
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run_check(capsys, broken_post(project), "--format", "github") == (
        1,
        f"::error file={POST},line=4,title=categories::{POST_MESSAGE} Cách sửa: {POST_FIX}\n",
        POST_REPORT,
    )
    assert summary.read_text(encoding="utf-8") == (
        "## Bước trước\n\n"
        "## ❌ Kiểm tra nội dung: 1 lỗi\n"
        "\n"
        "Trang **chưa** được xuất bản lại: trang đang chạy được giữ nguyên. "
        "Sửa từng lỗi dưới đây trong tệp và dòng được chỉ ra, rồi lưu (commit) lại.\n"
        "\n"
        "| | Tệp | Dòng | Trường | Lỗi | Cách sửa |\n"
        "|---|---|---|---|---|---|\n"
        f"| ❌ lỗi | {POST} | 4 | categories | {POST_MESSAGE} | {POST_FIX} |\n"
        "\n"
    )


def test_github_settings_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, line = broken_settings(tmp_path / "p")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run_check(capsys, project, "--format", "github")
    assert (code, out) == (
        1,
        f"::error file=mkdocs.yml,line={line},title=extra.per_page::{SETTINGS_MESSAGE} Cách sửa: {SETTINGS_FIX}\n",
    )
    fix = SETTINGS_FIX.replace("_", "\\_")  # Markdown: shown as written
    table_row = f"| ❌ lỗi | mkdocs.yml | {line} | extra.per\\_page | {SETTINGS_MESSAGE} | {fix} |\n"
    assert table_row in summary.read_text(encoding="utf-8")


def test_github_warning_and_links_to_the_commit(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "xa/cchc")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    assert run_check(capsys, with_warning(project), "--format", "github") == (
        0,
        f"::warning file={WARN_POST},line=5,title=tag::{WARN_MESSAGE} Cách sửa: {WARN_FIX}\n" + VALID,
        f"Cảnh báo: {WARN_POST}, dòng 5, trường «tag»: {WARN_MESSAGE} Cách sửa: {WARN_FIX}\n",
    )
    assert summary.read_text(encoding="utf-8") == (
        "## ✅ Kiểm tra nội dung: không có lỗi, 1 cảnh báo\n"
        "\n"
        f"{VALID}"
        "\n"
        "| | Tệp | Dòng | Trường | Lỗi | Cách sửa |\n"
        "|---|---|---|---|---|---|\n"
        f"| ⚠️ cảnh báo | [{WARN_POST}](https://github.com/xa/cchc/blob/0123abc/{WARN_POST}#L5) | 5 | tag "
        f"| {WARN_MESSAGE} | {WARN_FIX} |\n"
        "\n"
    )


def test_github_escaping() -> None:
    problem = Problem("posts/a,b:c%.md", "50% xong\ndòng hai\r:,", field="x:y,z", line=3)
    assert reports.github_command(problem) == (
        "::error file=posts/a%2Cb%3Ac%25.md,line=3,title=x%3Ay%2Cz::50%25 xong%0Adòng hai%0D:,"
    )
    # no line, no field: the properties are left out
    assert reports.github_command(Problem("mkdocs.yml", "Tệp trống.", warning=True)) == (
        "::warning file=mkdocs.yml::Tệp trống."
    )


def test_summary_shows_markup_as_text() -> None:
    problem = Problem("posts/x_y.md", "«<b>a|b</b>»\ndòng `hai`", field="title", line=2, fix="*Sửa*")
    assert reports.github_summary([problem], None).splitlines()[-2] == (
        "| ❌ lỗi | posts/x\\_y.md | 2 | title | «&lt;b&gt;a\\|b&lt;/b&gt;» dòng \\`hai\\` | \\*Sửa\\* |"
    )


def test_paths_from_the_repository_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project in a sub-folder of its repository: GitHub and GitLab get the repository path."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    project = broken_post(tmp_path / "repo" / "trang")
    _, out, _ = run_check(capsys, project, "--format", "github")
    assert out == f"::error file=trang/{POST},line=4,title=categories::{POST_MESSAGE} Cách sửa: {POST_FIX}\n"
    report = tmp_path / "cq.json"
    run_check(capsys, project, "--format", "gitlab", "--output", str(report))
    assert json.loads(report.read_text(encoding="utf-8"))[0]["location"]["path"] == f"trang/{POST}"
    _, out, _ = run_check(capsys, project, "--format", "json")
    assert json.loads(out)[0]["file"] == POST  # the project-relative path, as in the text
    assert reports.repo_prefix(tmp_path / "repo") == ""


# --- GitLab -----------------------------------------------------------------------------


def test_gitlab_post(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_check(capsys, broken_post(project), "--format", "gitlab") == (1, "", POST_REPORT)
    written = (tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8")
    assert json.loads(written) == [
        {
            "description": f"{POST_MESSAGE} Cách sửa: {POST_FIX}",
            "check_name": "categories",
            "fingerprint": fingerprint(POST, "categories", POST_MESSAGE, "1"),
            "severity": "major",
            "location": {"path": POST, "lines": {"begin": 4}},
        }
    ]
    assert "«Tin tức»" in written  # UTF-8, not \u escapes


def test_gitlab_settings_and_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, line = broken_settings(tmp_path / "p")
    report = tmp_path / "out" / "cq.json"
    report.parent.mkdir()
    code, _, err = run_check(capsys, project, "--format", "gitlab", "--output", str(report))
    assert code == 1 and f"mkdocs.yml, dòng {line}, trường «extra.per_page»" in err
    assert json.loads(report.read_text(encoding="utf-8")) == [
        {
            "description": f"{SETTINGS_MESSAGE} Cách sửa: {SETTINGS_FIX}",
            "check_name": "extra.per_page",
            "fingerprint": fingerprint("mkdocs.yml", "extra.per_page", SETTINGS_MESSAGE, "1"),
            "severity": "major",
            "location": {"path": "mkdocs.yml", "lines": {"begin": line}},
        }
    ]
    assert (
        run_check(capsys, with_warning(tmp_path / "w"), "--format", "gitlab", "--output", str(report))[0] == 0
    )
    assert json.loads(report.read_text(encoding="utf-8")) == [
        {
            "description": f"{WARN_MESSAGE} Cách sửa: {WARN_FIX}",
            "check_name": "tag",
            "fingerprint": fingerprint(WARN_POST, "tag", WARN_MESSAGE, "1"),
            "severity": "minor",
            "location": {"path": WARN_POST, "lines": {"begin": 5}},
        }
    ]


def test_gitlab_fingerprints_are_unique_and_ignore_the_line() -> None:
    same = [Problem("a.md", "Trùng.", field="f", line=n) for n in (3, 9)]
    first, second = reports.gitlab_report(same)
    assert first["fingerprint"] != second["fingerprint"]
    moved = reports.gitlab_report([Problem("a.md", "Trùng.", field="f", line=30)])[0]
    assert moved["fingerprint"] == first["fingerprint"]
    assert reports.gitlab_report([Problem("a.md", "Cả tệp.")])[0]["location"] == {
        "path": "a.md",
        "lines": {"begin": 1},
    }


# --- JSON -------------------------------------------------------------------------------


def test_json_post(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(capsys, broken_post(project), "--format", "json")
    expected = [
        {
            "file": POST,
            "line": 4,
            "field": "categories",
            "message": POST_MESSAGE,
            "fix": POST_FIX,
            "severity": "error",
        }
    ]
    assert (code, json.loads(out), err) == (1, expected, "")
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    validate(json.loads(out))


def test_json_settings_and_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, line = broken_settings(tmp_path / "p")
    code, out, _ = run_check(capsys, project, "--format", "json")
    assert (code, json.loads(out)) == (
        1,
        [
            {
                "file": "mkdocs.yml",
                "line": line,
                "field": "extra.per_page",
                "message": SETTINGS_MESSAGE,
                "fix": SETTINGS_FIX,
                "severity": "error",
            }
        ],
    )
    validate(json.loads(out))
    code, out, err = run_check(capsys, with_warning(tmp_path / "w"), "--format", "json")
    assert (code, json.loads(out), err) == (
        0,
        [
            {
                "file": WARN_POST,
                "line": 5,
                "field": "tag",
                "message": WARN_MESSAGE,
                "fix": WARN_FIX,
                "severity": "warning",
            }
        ],
        "",
    )
    validate(json.loads(out))


def test_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(reports.schema())
    validate([])
    validate(reports.json_report([Problem("a.md", "Lỗi.")]))  # no line, field or fix: null
    good = {"file": "a.md", "line": 1, "field": "f", "message": "m", "fix": None, "severity": "error"}
    for bad in ({**good, "severity": "fatal"}, {**good, "line": 0}, {**good, "extra": 1}, {"file": "a.md"}):
        with pytest.raises(jsonschema.ValidationError):
            validate([bad])


@pytest.mark.slow
def test_command_line(project: Path) -> None:
    """``python -m cchc check --format json`` as CI runs it: exit code and output."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "CCHC_NOW": NOW}
    cmd = [sys.executable, "-m", "cchc", "check", "--format", "json"]
    result = subprocess.run(
        cmd, cwd=broken_post(project), env=env, capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, json.loads(result.stdout)[0]["line"], result.stderr) == (1, 4, "")
    bad = subprocess.run([*cmd[:4], "--format", "xml"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "text" in bad.stderr and "gitlab" in bad.stderr


# --- the pipeline files -----------------------------------------------------------------


def lint(*cmd: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        [str(part) for part in cmd], cwd=REPO, env=environ, capture_output=True, text=True, timeout=120
    )


OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def test_actionlint() -> None:
    assert (BIN / "shellcheck").exists()  # actionlint checks the run: scripts with it
    result = lint(BIN / "actionlint", "-color=false")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    broken = WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: buidl")
    result = subprocess.run(  # the lint is not vacuous
        [str(BIN / "actionlint"), "-color=false", "-"], input=broken, capture_output=True, text=True
    )
    assert result.returncode == 1 and "buidl" in result.stdout


@pytest.mark.slow
def test_workflow_schemas_offline(tmp_path: Path) -> None:
    for schema, path in (("vendor.github-workflows", WORKFLOW), ("vendor.gitlab-ci", GITLAB)):
        result = lint(BIN / "check-jsonschema", "--builtin-schema", schema, path, **OFFLINE)
        assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stderr
    broken = tmp_path / "gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("script:", "scripts:", 1), encoding="utf-8")
    result = lint(BIN / "check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", broken, **OFFLINE)
    assert result.returncode == 1 and "scripts" in result.stdout


def test_github_workflow_runs_the_readme_commands() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = flow[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"] == {"branches": ["main"]} and "pull_request" in on
    assert on["schedule"] == [{"cron": "5 * * * *"}]  # hourly
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs[0] == "./scripts/check --format github"
    assert runs[1].splitlines() == [
        'if [ -n "$PAGES_BASE_URL" ]; then export CCHC_SITE_URL="$PAGES_BASE_URL/"; fi',
        "./scripts/build",
    ]
    uses = {
        step["uses"].split("@")[0]: step for job in (build, deploy) for step in job["steps"] if "uses" in step
    }
    assert all(step["uses"].split("@")[1].removeprefix("v").isdigit() for step in uses.values())
    assert uses["actions/configure-pages"]["id"] == "pages"
    cache = uses["actions/cache"]  # share cards, image variants and rendered bodies are kept
    assert build["steps"].index(cache) < next(
        i for i, s in enumerate(build["steps"]) if s.get("run") == runs[1]
    )
    assert cache["with"]["path"] == ".cache/"
    assert cache["with"]["key"] == "cchc-dung-trang-${{ github.run_id }}"
    assert cache["with"]["restore-keys"] == "cchc-dung-trang-"
    assert uses["actions/upload-pages-artifact"]["if"] == "github.event_name != 'pull_request'"
    assert uses["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert (
        uses["actions/upload-artifact"]["with"]["path"]
        == uses["actions/upload-pages-artifact"]["with"]["path"]
    )
    assert deploy["needs"] == "build" and deploy["if"] == "github.event_name != 'pull_request'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_gitlab_pipeline_runs_the_readme_commands() -> None:
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert ci["check"]["script"] == ["./scripts/check --format gitlab --output gl-code-quality-report.json"]
    assert ci["check"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert ci["check"]["artifacts"]["when"] == "always"
    pages = ci["pages"]
    assert pages["script"] == [
        'CCHC_SITE_URL="$CI_PAGES_URL/" ./scripts/build',
        "rm -rf public && mv site public",
    ]
    assert pages["artifacts"]["paths"] == ["public"]
    assert {"key": "cchc-dung-trang", "paths": [".cache/"]} in pages["cache"]
    assert ci["default"]["cache"] in pages["cache"]  # and the pip cache all jobs have
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["site"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert ci["site"]["script"] == ["./scripts/build"] and ci["site"]["artifacts"]["paths"] == ["site/"]
    assert ci["stages"].index(ci["check"]["stage"]) < ci["stages"].index(pages["stage"])


# --- mkdocs gh-deploy -------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Cán bộ",
        "GIT_AUTHOR_EMAIL": "canbo@example.gov.vn",
        "GIT_COMMITTER_NAME": "Cán bộ",
        "GIT_COMMITTER_EMAIL": "canbo@example.gov.vn",
    }
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def gh_deploy(project: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CCHC_NOW": NOW,
        "CCHC_SITE_URL": "https://xa.github.io/cchc/",
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Cán bộ",
        "GIT_AUTHOR_EMAIL": "canbo@example.gov.vn",
        "GIT_COMMITTER_NAME": "Cán bộ",
        "GIT_COMMITTER_EMAIL": "canbo@example.gov.vn",
    }
    cmd = [sys.executable, "-m", "mkdocs", "gh-deploy", "-f", "mkdocs.yml", "--no-history"]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def repository(tmp_path: Path, posts: dict[str, str]) -> tuple[Path, Path]:
    """A committed project whose ``origin`` is a local bare repository (no network)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    project = make_project(tmp_path / "src", posts=posts)
    (project / ".gitignore").write_text("site/\n.cache/\n.site.*/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Cán bộ")
    git(project, "config", "user.email", "canbo@example.gov.vn")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Nội dung")
    git(project, "remote", "add", "origin", remote.as_uri())
    return project, remote


@pytest.mark.slow
def test_gh_deploy_pushes_the_built_site(tmp_path: Path) -> None:
    project, remote = repository(tmp_path, {"2024/bai.md": post(title="Bài đăng qua gh-deploy")})
    result = gh_deploy(project)
    assert result.returncode == 0, result.stdout + result.stderr
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {"index.html", ".nojekyll", "rss.xml", "404.html", "sitemap.xml"} <= set(files)
    assert git(remote, "show", "gh-pages:index.html") == (project / "site" / "index.html").read_text()
    assert "https://xa.github.io/cchc/" in git(remote, "show", "gh-pages:rss.xml")
    assert not list(project.glob(".site.building-*"))


@pytest.mark.slow
def test_gh_deploy_does_not_push_broken_content(tmp_path: Path) -> None:
    project, remote = repository(tmp_path, {"2024/bai-loi.md": post(categories="[Tin tuc]")})
    result = gh_deploy(project)
    assert result.returncode != 0
    assert f"{POST}, dòng 4, trường «categories»: {POST_MESSAGE}" in result.stderr
    assert git(remote, "branch", "--list") == ""
