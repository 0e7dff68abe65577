"""HTML views for drafts, split by sub-domain; ``drafts/urls.py`` joins their URL lists."""
