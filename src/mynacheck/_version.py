"""The version of mynacheck (pyproject.toml says it too; a test checks they agree)."""

__version__ = "0.1.0"
