"""Statistics for the annual report: counts (``counts.py``), the ``stats`` command's text and
CSV (``report.py``), the site's statistics page and its bar charts (``pages.py``)."""
