"""policylint: lint therapist workplace and training policies for martyr culture.

The library entry point is :mod:`policylint.api` (``lint``, ``lint_text``,
``extract``); the command line is :mod:`policylint.cli`. Importing this package is
cheap: spaCy, python-docx and pypdf are imported only when a document needs them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
