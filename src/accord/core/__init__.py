"""Pure-Python algorithms of accord: no Django, no accord app imports.

Each subpackage is usable and testable alone (``pytest tests/core -p no:django``).
"""
