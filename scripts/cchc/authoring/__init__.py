"""Scaffolds for officials: ``python -m cchc new-post`` and ``python -m cchc new-procedure``.

Each command asks in Vietnamese (``input()``, so stdin may be fed) for what it cannot take from
its flags, writes one file with complete front matter and a short comment per field, refuses
to overwrite, and validates the file with the loaders the build uses (``cchc.posts.loading``,
``cchc.procedures.loading``). ``prompts`` asks, ``yamltext`` writes the front matter, ``post``
and ``procedure`` are the two commands, ``cli`` their flags.
"""
