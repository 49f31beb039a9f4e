"""The reading screen and its parts.

:class:`~reader.ui.screens.reading.screen.ReadingScreen` lays out the widgets (article, summary,
side panel, search bar, status line) and holds what flows down to them: the document, its
analysis and the settings. Each responsibility is a *part* (:mod:`reader.ui.parts`) that
owns its state, its keys and its palette entries — the screen only routes a key to it:

========================  ==========================================  ===========
part                      responsibility                              keys
========================  ==========================================  ===========
:mod:`.panes`             scrolling, focus, layers, panel and tabs     j k g G h l
:mod:`.analyser`          the analysis workers (pipeline, summaries)   —
:mod:`.summary`           stepping through the summary, algorithm,     ] [ a A + -
                          length
:mod:`.finder`            search in the article                        / n N
:mod:`.chapters`          contents, chapter jumps, chapter summaries   t } { c
:mod:`.links`             the article's links                          f o y
:mod:`.place`             the article in the store, the reading place  —
:mod:`.annotations`       bookmarks, highlights, the article's note    m v Enter w
========================  ==========================================  ===========

A new panel or key family is one module with one part, registered in ``PARTS``.
"""

from reader.ui.screens.reading.screen import ReadingScreen

__all__ = ["ReadingScreen"]
