"""``admin/config.yml``: the Decap CMS configuration, made at every build.

The backend comes from ``extra.cms`` (``CmsSettings``):

- ``gitlab``: GitLab's own sign-in with PKCE (an OAuth application's ``app_id``, no server
  of ours), gitlab.com or a self-hosted GitLab (``api_root``/``base_url``);
- ``github``: GitHub needs an OAuth proxy for sign-in (``base_url``, ``auth_endpoint``);
- ``local`` (default): ``decap-server`` on an office PC, saving into its clone.

Both hosted backends use the editorial workflow (drafts → review → publish, as merge or
pull requests) unless ``editorial_workflow: false``. Whatever the backend, the editor opened
at ``127.0.0.1``/``localhost`` uses ``decap-server`` on ``local_port`` when it runs (Decap's
``local_backend``; it then publishes directly, the local file server having no workflow).
"""

from __future__ import annotations

from typing import Any

import yaml

from cchc.cms.collections import posts_collection, procedure_collections
from cchc.core.settings import CmsSettings, Settings
from cchc.procedures.model import Catalogue

GLOBAL_MEDIA = "docs/thu-tuc/mau"  # the Media tab: the forms of the procedures guide


def local_url(cms: CmsSettings) -> str:
    return f"http://127.0.0.1:{cms.local_port}/api/v1"


def backend(cms: CmsSettings) -> dict[str, Any]:
    if cms.backend == "gitlab":
        config: dict[str, Any] = {"name": "gitlab", "repo": cms.repo, "branch": cms.branch}
        config.update(auth_type="pkce", app_id=cms.app_id)
        if cms.api_root:
            config["api_root"] = cms.api_root
        if cms.base_url:
            config["base_url"] = cms.base_url
        if cms.auth_endpoint:
            config["auth_endpoint"] = cms.auth_endpoint
        return config
    if cms.backend == "github":
        config = {"name": "github", "repo": cms.repo, "branch": cms.branch, "base_url": cms.base_url}
        if cms.api_root:
            config["api_root"] = cms.api_root
        if cms.auth_endpoint:
            config["auth_endpoint"] = cms.auth_endpoint
        return config
    return {"name": "proxy", "proxy_url": local_url(cms), "branch": cms.branch}


def cms_config(settings: Settings, catalogue: Catalogue) -> dict[str, Any]:
    cms = settings.cms
    config: dict[str, Any] = {
        "backend": backend(cms),
        "local_backend": {"url": local_url(cms)},
        "locale": "vi",
        "site_url": settings.site_url,
        "display_url": settings.site_url,
        "show_preview_links": False,
        "media_folder": GLOBAL_MEDIA,
        "public_folder": "/" + GLOBAL_MEDIA.removeprefix("docs/"),
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [posts_collection(settings), *procedure_collections(catalogue)],
    }
    if cms.backend in ("gitlab", "github") and cms.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    return config


class _Dumper(yaml.SafeDumper):
    """Block style, text as written (Vietnamese unescaped), no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(settings: Settings, catalogue: Catalogue) -> str:
    header = (
        "# Made by the build (scripts/cchc/cms) from the content model: do not edit here.\n"
        "# The backend is chosen in mkdocs.yml, extra.cms (docs-dev/cms.md).\n"
    )
    body = yaml.dump(
        cms_config(settings, catalogue), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body
