"""The language pipeline, built once per process and only when needed.

Default: spaCy's blank English tokenizer, the rule-based sentencizer, and our three
components, ``policylint_clauses`` (clause seams, split lazily per sentence),
``policylint_context`` (negation / hedge / reported-speech triggers) and
``policylint_quantities`` (numbers with units and periods). No model download, no
network, deterministic.

Importing this module does not import spaCy; :func:`get_nlp` does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

_LOCK = threading.Lock()
_NLP: dict[str, Any] = {}

_registered = False


def _register() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .context import ContextComponent
    from .quantities import find_quantities

    if not Doc.has_extension("pl_triggers"):
        Doc.set_extension("pl_triggers", default=None)
    if not Doc.has_extension("pl_quantities"):
        Doc.set_extension("pl_quantities", default=None)
    if not Span.has_extension("pl_clauses"):
        from .clauses import sentence_clauses

        # the clauses of a sentence, split on first use (most sentences never need it)
        Span.set_extension("pl_clauses", getter=lambda sent: sentence_clauses(sent.doc, sent))

    class ClausesComponent:
        """Marks the Doc for lazy clause splitting (``sent._.pl_clauses``)."""

        def __call__(self, doc: Doc) -> Doc:
            doc.user_data.pop("pl_clauses", None)
            return doc

    @Language.factory("policylint_clauses")
    def make_clauses(nlp: Language, name: str) -> ClausesComponent:
        return ClausesComponent()

    @Language.factory("policylint_context")
    def make_context(nlp: Language, name: str) -> ContextComponent:
        return ContextComponent(nlp)

    class QuantitiesComponent:
        def __call__(self, doc: Doc) -> Doc:
            doc._.pl_quantities = find_quantities(doc)
            return doc

    @Language.factory("policylint_quantities")
    def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
        return QuantitiesComponent()

    _registered = True


def get_nlp(name: str = "blank") -> Language:
    """The shared pipeline. ``name`` is "blank" (default) or an installed spaCy
    pipeline package such as ``en_core_web_sm`` (never downloaded)."""
    with _LOCK:
        nlp = _NLP.get(name)
        if nlp is not None:
            return nlp
        import spacy

        _register()
        if name == "blank":
            nlp = spacy.blank("en")
        else:
            try:
                nlp = spacy.load(name, exclude=["ner"])
            except OSError as exc:
                raise RuntimeError(
                    f"spaCy pipeline {name!r} is not installed; policylint never downloads "
                    "models: install it yourself or use the default blank pipeline"
                ) from exc
        from spacy.symbols import ORTH

        # abbreviations in policy and academic text that must not end a sentence
        for abbr in ("al.", "approx.", "Approx."):
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
        if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("policylint_clauses")
        nlp.add_pipe("policylint_context")
        nlp.add_pipe("policylint_quantities")
        _NLP[name] = nlp
        return nlp


def spacy_loaded() -> bool:
    """Whether spaCy has been imported in this process (tests use it)."""
    import sys

    return "spacy" in sys.modules
