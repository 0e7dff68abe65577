"""Reads for drafts, split by sub-domain like the services."""
