"""All content of the site, loaded and validated together.

Posts and procedures are validated independently and their problems reported in one
``ContentError``, so an official sees every mistake in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cchc.core.problems import ContentError, Problem
from cchc.core.settings import Settings
from cchc.posts.model import PostSet, load_posts
from cchc.procedures.catalogue import Catalogue, load_catalogue


@dataclass(frozen=True)
class Content:
    posts: PostSet
    procedures: Catalogue

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.posts.warnings + self.procedures.warnings


def load_content(settings: Settings, now: datetime) -> Content:
    """Posts and procedures as records; raises one ``ContentError`` with every problem."""
    problems: list[Problem] = []
    postset = catalogue = None
    try:
        postset = load_posts(settings, now)
    except ContentError as error:
        problems += error.problems
    try:
        catalogue = load_catalogue(settings, now)
    except ContentError as error:
        problems += error.problems
    if problems or postset is None or catalogue is None:
        raise ContentError(problems)
    return Content(postset, catalogue)
