"""The browser editor at ``/admin/``: Decap CMS, configured from the content model.

``config`` makes ``admin/config.yml`` (collections generated from the pydantic models by
``fields`` and ``collections``, the backend from ``extra.cms``); ``admin`` makes the admin
page and copies the pinned, vendored Decap bundle from ``node_modules/`` into the site.
``options`` validates ``extra.cms`` for ``cchc.core.settings_model``. Nothing is imported
here, so that the settings can use ``options`` without loading the content model.
"""
