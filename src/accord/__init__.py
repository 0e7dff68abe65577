"""accord: runs a multistakeholder working group from its call for contributions to its outcome."""

__version__ = "0.1.0"
