"""Publishing: atomic for readers (exchange or link), leftovers cleared, one build at a time,
and a fault-injection test that kills real builds at random moments."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cchc.build import compress, lock, publish
from cchc.build.faults import BuildFault
from conftest import NOW, SUBPATH_URL, build_ok, make_project, post, run_build


def site_with(folder: Path, text: str, files: int = 3) -> Path:
    folder.mkdir(parents=True)
    for i in range(files):
        (folder / f"f{i}.html").write_text(f"{text} {i}", encoding="utf-8")
    return folder


def manifest(site: Path) -> dict[str, str]:
    """Every file of the published site (through the link, if it is one) and its hash."""
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def wait_no_leftovers(site: Path, seconds: float = 15) -> list[Path]:
    deadline = time.monotonic() + seconds
    while publish.leftovers(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    return publish.leftovers(site)


@pytest.fixture
def no_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system without ``renameat2`` (macOS, BSD): publishing falls back to the link."""
    monkeypatch.setattr(publish, "_renameat2", lambda: None)


# --- the switch ----------------------------------------------------------------------------


def test_exchange_keeps_site_a_real_folder(tmp_path: Path) -> None:
    target = tmp_path / "site"
    site_with(target, "cũ")
    publish.swap_into_place(site_with(publish.staging_dir(target), "mới"), target, wait=True)
    assert target.is_dir() and not target.is_symlink()
    assert (target / "f0.html").read_text(encoding="utf-8") == "mới 0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_first_publish_renames_the_staging_folder(tmp_path: Path) -> None:
    target = tmp_path / "site"
    publish.swap_into_place(site_with(publish.staging_dir(target), "mới"), target, wait=True)
    assert target.is_dir() and not target.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_exchange_site_becomes_a_link_to_a_version(tmp_path: Path, no_exchange: None) -> None:
    target = tmp_path / "site"
    publish.swap_into_place(site_with(publish.staging_dir(target), "một"), target, wait=True)
    assert target.is_symlink() and not os.path.isabs(os.readlink(target))  # relative: the project moves
    first = Path(os.path.realpath(target))
    publish.swap_into_place(site_with(publish.staging_dir(target), "hai"), target, wait=True)
    assert (target / "f1.html").read_text(encoding="utf-8") == "hai 1"
    assert not first.exists()  # the replaced version is removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.versions", "site"]
    assert len(list((tmp_path / ".site.versions").iterdir())) == 1


def test_a_real_site_folder_migrates_to_the_link(tmp_path: Path, no_exchange: None) -> None:
    target = tmp_path / "site"
    site_with(target, "cũ")  # the site before the upgrade
    publish.swap_into_place(site_with(publish.staging_dir(target), "mới"), target, wait=True)
    assert target.is_symlink()
    assert (target / "f2.html").read_text(encoding="utf-8") == "mới 2"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.versions", "site"]


def test_a_version_link_stays_a_link_where_exchange_exists(tmp_path: Path) -> None:
    target = tmp_path / "site"
    version = site_with(publish.versions_dir(target) / "v1", "một")
    target.symlink_to(os.path.relpath(version, tmp_path))
    publish.swap_into_place(site_with(publish.staging_dir(target), "hai"), target, wait=True)
    assert target.is_symlink() and (target / "f0.html").read_text(encoding="utf-8") == "hai 0"
    assert not version.exists()


def test_a_link_to_another_folder_is_left_alone_and_its_folder_replaced(tmp_path: Path) -> None:
    served = site_with(tmp_path / "www" / "cchc", "cũ")
    (tmp_path / "p").mkdir()
    target = tmp_path / "p" / "site"
    target.symlink_to(served)
    publication = publish.Publication(target)
    assert publication.staging.parent == served.parent  # beside the folder it replaces
    site_with(publication.staging, "mới")
    assert publication.finish()
    assert os.readlink(target) == str(served)
    assert (served / "f0.html").read_text(encoding="utf-8") == "mới 0"
    assert wait_no_leftovers(served) == []


@pytest.mark.parametrize("mode", ["exchange", "link"])
def test_a_reader_never_sees_a_missing_or_mixed_site(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader reading two files of the site over and over while 150 sites are published."""
    if mode == "link":
        monkeypatch.setattr(publish, "_renameat2", lambda: None)
    target = tmp_path / "site"
    publish.swap_into_place(site_with(publish.staging_dir(target), "v0", files=2), target, wait=True)
    reader = (
        "import sys, time\n"
        "site, end, seen, bad = sys.argv[1], time.monotonic() + 60, 0, []\n"
        "while time.monotonic() < end and not __import__('os').path.exists(site + '.stop'):\n"
        "    try:\n"
        "        a = open(site + '/f0.html').read(); b = open(site + '/f1.html').read()\n"
        "    except OSError as e:\n"
        "        bad.append(repr(e)); continue\n"
        "    seen += 1\n"
        "    if not (a.endswith(' 0') and b.endswith(' 1')): bad.append('partial ' + a + b)\n"
        "print(seen, len(bad), bad[:3])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", reader, str(target)], stdout=subprocess.PIPE, text=True)
    for n in range(1, 151):
        publish.swap_into_place(site_with(publish.staging_dir(target), f"v{n}", files=2), target, wait=True)
    (tmp_path / "site.stop").touch()
    seen, bad, examples = proc.communicate(timeout=60)[0].split(maxsplit=2)
    assert int(seen) > 100 and int(bad) == 0, examples
    assert (target / "f0.html").read_text(encoding="utf-8") == "v150 0"


# --- the publication: leftovers, permissions, failures ---------------------------------------


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(tmp_path: Path) -> None:
    target = site_with(tmp_path / "site", "cũ")
    site_with(tmp_path / ".site.building-1234-abcdef", "một nửa")
    site_with(tmp_path / ".site.old-1234-abcdef", "cũ hơn")
    (tmp_path / ".site.link-99-abcdef").symlink_to("site")
    site_with(publish.versions_dir(target) / "khong-dung", "?")
    publication = publish.Publication(target)
    publication.fail()
    assert publication.finish() is False
    assert wait_no_leftovers(target) == []
    assert manifest(target) == manifest(target)  # untouched
    assert (target / "f0.html").read_text(encoding="utf-8") == "cũ 0"


def test_a_fault_while_publishing_leaves_the_site_and_releases_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = site_with(tmp_path / "site", "cũ")
    before = manifest(target)
    publication = publish.Publication(target)
    site_with(publication.staging, "mới")

    def full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "index.html.gz"))

    monkeypatch.setattr(compress, "precompress", full)
    with pytest.raises(OSError):
        publication.finish()
    assert manifest(target) == before
    assert not publication.staging.exists()
    publish.Publication(target, wait=0).close()  # the lock is free again


def test_a_site_folder_that_cannot_be_replaced_is_refused_before_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = site_with(tmp_path / "site", "cũ")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode))
    with pytest.raises(BuildFault, match="Không có quyền ghi vào thư mục trang đã xuất bản"):
        publish.Publication(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [lock.LOCK_NAME, "site"]


# --- one build at a time ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_build_is_refused_or_waits(tmp_path: Path) -> None:
    target = tmp_path / "site"
    first = publish.Publication(target)
    with pytest.raises(BuildFault, match=r"Một lần dựng trang khác đang chạy \(tiến trình \d+\)"):
        publish.Publication(target, wait=0)
    told: list[str] = []
    threading.Timer(0.5, first.close).start()
    started = time.monotonic()
    second = publish.Publication(target, wait=20, notify=told.append)
    assert 0.3 < time.monotonic() - started < 10
    assert told and told[0].startswith("Một lần dựng trang khác đang chạy")
    second.close()


def test_a_killed_build_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from cchc.build import publish; from pathlib import Path;"
         "p = publish.Publication(Path(sys.argv[2])); print('ok', flush=True); time.sleep(60)",
         str(Path(publish.__file__).parents[2]), str(tmp_path / "site")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
    with pytest.raises(BuildFault):
        publish.Publication(tmp_path / "site", wait=0)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    publish.Publication(tmp_path / "site", wait=0).close()


@pytest.mark.slow
def test_a_real_build_waits_for_the_running_one_or_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post()})
    site = build_ok(project)
    before = manifest(site)
    held = lock.BuildLock(project / "site", wait=0)
    os.environ[lock.LOCK_WAIT_ENV] = "0"
    try:
        refused = run_build(project)
    finally:
        del os.environ[lock.LOCK_WAIT_ENV]
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "Traceback" not in output
    assert "Một lần dựng trang khác đang chạy" in output and manifest(site) == before
    # The lock is released only once the second build says it waits (however slow its start).
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL=SUBPATH_URL, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"]
    waiting = subprocess.Popen(command, cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    assert waiting.stderr is not None
    said = ""
    for line in waiting.stderr:
        said += line
        if "đang chờ nó xong" in line:
            break
    held.release()
    said += waiting.communicate(timeout=300)[1]
    assert waiting.returncode == 0 and "đang chờ nó xong" in said, said
    assert "Đã xuất bản trang" in said


# --- fault injection -------------------------------------------------------------------------

TRIALS = 52
STEPS = ("flushed", "exchanged", "linked", "switched")


def build_command(engine: str) -> list[str]:
    if engine == "plain":
        return [sys.executable, "-m", "cchc", "build", "--engine", "plain"]
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"]


def build_env(delay: str | None = None) -> dict[str, str]:
    scripts = str(Path(publish.__file__).parents[2])
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL=SUBPATH_URL, NO_MKDOCS_2_WARNING="1",
               PYTHONPATH=scripts, CCHC_BUILD_LOCK_WAIT="30")  # fmt: skip
    env.pop(publish.FAULT_DELAY_ENV, None)
    if delay:
        env[publish.FAULT_DELAY_ENV] = delay
    return env


def finish_build(project: Path, engine: str) -> float:
    started = time.monotonic()
    result = subprocess.run(build_command(engine), cwd=project, env=build_env(), capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return time.monotonic() - started


def killed_build(project: Path, engine: str, rng: random.Random, durations: dict[str, float]) -> str:
    """Start a build and SIGKILL it: at a publish step (widened) or at a random moment.
    Plain builds lose only their main process (the engine must die with it)."""
    step = rng.choice(STEPS) if rng.random() < 0.4 else None
    proc = subprocess.Popen(build_command(engine), cwd=project, env=build_env("0.1" if step else None),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    assert proc.stderr is not None
    if step is not None:
        reached = ""
        deadline = time.monotonic() + 60
        for line in proc.stderr:
            if line.startswith("cchc-publish: "):
                reached = line.split()[1]
                if reached == step or (step == "linked" and reached == "exchanged"):
                    break  # exchange mode has no "linked" step: take its neighbour
            if time.monotonic() > deadline:
                break
        where = f"step {reached or 'none'}"
    else:
        moment = rng.uniform(0, durations[engine] * 1.1)
        time.sleep(moment)
        where = f"t={moment:.2f}s"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return where if proc.returncode == -signal.SIGKILL else f"{where} (finished first)"


def run_trials(project: Path, seed: int, trials: int) -> list[str]:
    rng = random.Random(seed)
    durations = {engine: finish_build(project, engine) for engine in ("mkdocs", "plain")}
    site = project / "site"
    good = manifest(site)
    outcomes = []
    for trial in range(trials):
        engine = "plain" if rng.random() < 0.3 else "mkdocs"
        (project / "posts" / "2024" / f"thu-{seed}-{trial}.md").write_text(
            post(f"Bài thử {seed} số {trial}", "2024-05-01"), encoding="utf-8"
        )
        where = killed_build(project, engine, rng, durations)
        after_kill = manifest(site)
        assert after_kill, f"trial {trial} ({engine}, {where}): no site published"
        finish_build(project, engine)  # the next build succeeds
        new = manifest(site)
        assert after_kill in (good, new), f"trial {trial} ({engine}, {where}): a mixed site"
        assert wait_no_leftovers(site) == [], f"trial {trial}: leftovers after the next build"
        outcomes.append(f"{engine} {where}: {'old' if after_kill == good else 'new'} site")
        good = new
    return outcomes


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_damage_the_published_site(tmp_path: Path) -> None:
    """60 trials on two small sites in parallel (one published as a real folder, one as a
    link): after each kill the site is the last good one (or the complete new one, when
    the kill came after the switch), the next build succeeds and clears the leftovers."""
    projects = []
    for name in ("exchange", "link"):
        project = make_project(tmp_path / name, posts={"2024/a.md": post(), "2024/b.md": post("Bài hai")})
        projects.append(project)
    link = projects[1]
    build_ok(link)
    version = publish.versions_dir(link / "site") / "dau"
    version.parent.mkdir()
    os.replace(link / "site", version)
    (link / "site").symlink_to(os.path.relpath(version, link))
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run_trials, projects, (1, 2), (TRIALS // 2, TRIALS - TRIALS // 2)))
    outcomes = [line for result in results for line in result]
    print(f"\n{len(outcomes)} trials in {time.monotonic() - started:.0f} s")
    for line in sorted(outcomes):
        print(" ", line)
    assert len(outcomes) == TRIALS
    assert (link / "site").is_symlink() and not (projects[0] / "site").is_symlink()
    assert any("step switched" in line for line in outcomes)
