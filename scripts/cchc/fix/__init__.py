"""``python -m cchc check --fix``: repairs of what officials paste and save, and explanations.

Without ``--fix`` the checker only *says* what it would change (``run(..., apply=False)``
gives the changes as warnings); with it, each file is repaired, re-read and re-validated
before it is written (``cchc.fix.runner``), and every change is listed with file and line.

- ``text``: a file's text: UTF-16 / Windows-1258 / 8-bit legacy files, NFC, text pasted
  from TCVN3 or VNI fonts (``cchc.core.legacy``), Word's artefacts in the front matter
  (``cchc.core.yaml_messages.repair_line``), keys written with a capital;
- ``images``: photos over the size or pixel limit, resized (the original kept in ``.originals/``);
- ``explain``: what cannot be repaired without knowing the intent (a tag with a comma in the
  ``[…]`` form, images without a description or from another site, links to files that do
  not exist, with the nearest existing name).
"""
