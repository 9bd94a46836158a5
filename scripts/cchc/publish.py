"""Atomic output: build into a fresh directory, swap it into place only on success.

A failed build (bad content, a crash, a strict-mode warning) leaves the previously built
site exactly as it was, so residents never see a half-written site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(target: Path) -> Path:
    """The sibling directory a build writes into before it is published."""
    return target.with_name(f".{target.name}.building-{os.getpid()}")


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` with two renames (no half-written state).

    The old site is renamed aside first and deleted only after the new one is in place.
    """
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
