"""The glossary of abbreviations: the data file (``terms.py``), the marks on every page
(``marks.py``) and the glossary page (``pages.py``)."""
