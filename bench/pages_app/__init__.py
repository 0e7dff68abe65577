"""The app as ``bench/pages.py`` serves it: the real project plus one naive page to compare."""
