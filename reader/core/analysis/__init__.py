"""Analysis of a document: its sentences, summary, entities, quotations, key phrases and
chapters, all as spans of the document's text.

* :mod:`.pipeline` — the one pipeline, streamed: ``stages(document, settings)``.
* :mod:`.steps` — each step with its cache (:class:`Settings`, :class:`Analysis`,
  :func:`segment`, :func:`analyze`, …), re-exported here.
* :mod:`.sentences`, :mod:`.summarize` (the ``ALGORITHMS`` registry), :mod:`.entities`
  (with :mod:`.ner`, :mod:`.gazetteer`), :mod:`.quotes`, :mod:`.keyphrases`,
  :mod:`.chapters`; :mod:`.fast` and :mod:`.fast_sumy` are the fast summary engines.

Importing the package is light: a step's modules load when one of its names is first used
(``from reader.core.analysis.sentences import …`` loads only the sentence splitter).
"""

from __future__ import annotations

from typing import Any

#: What the package gives from its steps module, loaded when first asked for.
_FROM_STEPS = ("CACHE_MIN_CHARS", "Analysis", "Settings", "analyze", "eligible_sentences",
               "entities_and_quotes", "keyphrases_of", "segment", "summarize_analysis",
               "summarize_chapters")


def __getattr__(name: str) -> Any:
    if name in _FROM_STEPS:
        from reader.core.analysis import steps

        return getattr(steps, name)
    raise AttributeError(f"module 'reader.core.analysis' has no attribute {name!r}")
