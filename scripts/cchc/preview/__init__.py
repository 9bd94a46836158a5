"""The preview server (``python -m cchc preview``): the site with drafts and scheduled posts,
rebuilt when a file changes, with the problems of a broken save shown over the open page.

``builder.py`` builds the site with MkDocs and the hooks, in this process, into a new folder
each time; ``server.py`` serves the last good folder and adds the live script (and, while the
content has problems, the overlay listing them) to every HTML page.
"""
