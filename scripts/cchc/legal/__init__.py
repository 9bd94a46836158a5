"""Legal citations: the parser (``citations.py``), the register of cited documents and the
links to it (``register.py``), its pages (``pages.py``) and data file (``data.py``)."""
