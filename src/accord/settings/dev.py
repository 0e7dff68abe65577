"""Local development: debug pages on."""

from .base import *  # noqa: F403

DEBUG = True
