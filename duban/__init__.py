"""duban: the command-line tool of a government supervision office (督办室)."""

__version__ = "0.2.0"
