"""The reading screen's keys: scrolling, panes, summary stepping, algorithm and length,
layers, search in the article, and the command palette's entries for this screen."""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.analysis.summarize import ALGORITHM_NAMES, ALGORITHMS, DEFAULT_SENTENCES

#: The longest summary + will make.
MAX_SUMMARY_SENTENCES = 50


class ReadingNavigation:
    """Mixed into :class:`reader.ui.reading.ReadingScreen` (uses its widgets and state)."""

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        if self.selection is not None:
            self._end_selection()
            return
        if self.search_bar.is_open:
            self._close_search()
            return
        if self.search_query:  # after a search, Escape clears it before leaving
            self.find("")
            return
        if self.followed:  # back to the article this link was followed from, at its place
            self.save_position()
            self.app.pop_screen()
            return
        self.app.show_library()

    def action_scroll_down(self) -> None:
        if self.selection is not None:
            self.extend_selection(1)
        else:
            self.article.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        if self.selection is not None:
            self.extend_selection(-1)
        else:
            self.article.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.article.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.article.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.article.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.article.scroll_end(animate=False)

    def _panes(self) -> list:
        if self.has_class("-narrow"):  # the summary or the side panel, one at a time
            return [self.article, self.side.current_list if self.has_class("-side-shown")
                    else self.summary]
        panes = [self.article, self.summary]
        if not self.side.has_class("-hidden"):
            panes.append(self.side.current_list)
        return panes

    def _focus_step(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        idx = next((i for i, p in enumerate(panes) if p is focused), 0)
        panes[(idx + step) % len(panes)].focus()

    def action_focus_left(self) -> None:
        self._focus_step(-1)

    def action_focus_right(self) -> None:
        self._focus_step(1)

    def _step_summary(self, step: int) -> None:
        if not self.summary_indices:
            self.notify("No summary yet", timeout=2)
            return
        top = self.article.offset_at_top()
        if self._summary_step < 0:
            # Start from where the reader is.
            ahead = [k for k, (s, _) in enumerate(self.summary_spans) if s > top]
            k = (ahead[0] if ahead else 0) if step > 0 else (
                ahead[0] - 1 if ahead else len(self.summary_spans) - 1)
        else:
            k = self._summary_step + step
        k %= len(self.summary_indices)
        self._summary_step = k
        self.mark_sentence(self.summary_indices[k])
        self.summary.highlighted = k

    def action_next_summary(self) -> None:
        self._step_summary(1)

    def action_prev_summary(self) -> None:
        self._step_summary(-1)

    def set_algorithm(self, algorithm: str) -> None:
        self.settings = self.settings.with_(algorithm=algorithm)
        self._update_summary_title()
        self.recompute_summary(self.settings)
        self._update_status()

    def action_next_algorithm(self) -> None:
        k = ALGORITHMS.index(self.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k + 1) % len(ALGORITHMS)])

    def action_prev_algorithm(self) -> None:
        k = ALGORITHMS.index(self.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k - 1) % len(ALGORITHMS)])

    def set_length(self, sentences: int) -> None:
        # Never longer than the article: its sentences that can be chosen (boilerplate not).
        most = MAX_SUMMARY_SENTENCES
        if self.analysis is not None:
            most = min(most, max(1, len(self.analysis.eligible)))
        sentences = max(1, min(most, sentences))
        self.settings = self.settings.with_(sentences=sentences, ratio=None)
        self._update_summary_title()
        self.recompute_summary(self.settings)
        self._update_status()

    def action_longer(self) -> None:
        self.set_length((self.settings.sentences or DEFAULT_SENTENCES) + 1)

    def action_shorter(self) -> None:
        self.set_length((self.settings.sentences or DEFAULT_SENTENCES) - 1)

    def action_toggle_layer(self, layer: str) -> None:
        on = self.article.toggle_layer(layer)
        self.notify(f"{layer.capitalize()} {'shown' if on else 'hidden'}", timeout=1.5)
        self._update_status()

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel; in a narrow terminal it takes the summary's place."""
        if self.has_class("-narrow"):
            self.toggle_class("-side-shown")
            self.side.remove_class("-hidden")
            if self.has_class("-side-shown"):
                self.side.current_list.focus()
            elif self.summary.has_focus_within or self.side.has_focus_within:
                self.summary.focus()
            return
        self.side.toggle_class("-hidden")

    def action_show_tab(self, tab: str) -> None:
        """Show the side panel's entities or quotes and move the cursor there."""
        self.side.remove_class("-hidden")
        self.side.active = f"tab-{tab}"
        if self.has_class("-narrow"):
            self.add_class("-side-shown")  # in place of the summary
        self.call_after_refresh(self.side.current_list.focus)

    # ------------------------------------------------------------------ search
    def action_search(self) -> None:
        self.search_bar.open(self.search_query)

    def _close_search(self) -> None:
        self.search_bar.close()
        self.article.focus()

    def find(self, query: str) -> int:
        """Find every match of *query* (case-insensitive); returns how many."""
        self.search_query = query
        text = self.article.text
        if query.strip():
            # Words separated by any whitespace: a phrase still matches where the source
            # breaks the line inside it (Gutenberg wraps every ~70 columns).
            rx = re.compile(r"\s+".join(re.escape(w) for w in query.split()), re.IGNORECASE)
            self.matches = [m.span() for m in rx.finditer(text)]
        else:
            self.matches = []
        top = self.article.offset_at_top()
        self.match_index = next((k for k, (s, _) in enumerate(self.matches) if s >= top), 0) - 1
        self.article.set_marks(matches=self.matches, current_match=None)
        if self.matches:
            self.action_next_match()
        else:
            self._update_status()
            if query:
                self.notify(f"No match for {query!r}", severity="warning", timeout=2,
                            markup=False)
        return len(self.matches)

    def _goto_match(self, step: int) -> None:
        if not self.matches:
            if self.search_query:
                self.notify(f"No match for {self.search_query!r}", severity="warning", timeout=2,
                            markup=False)
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        span = self.matches[self.match_index]
        self.article.set_marks(current_match=span)
        self.article.scroll_to_offset(span[0])
        self._update_status()

    def action_next_match(self) -> None:
        self._goto_match(1)

    def action_prev_match(self) -> None:
        self._goto_match(-1)

    # ------------------------------------------------------------------ palette
    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        cmds: list[tuple[str, Callable[[], object], str]] = []
        for alg in ALGORITHMS:
            cmds.append((f"summary: Use {ALGORITHM_NAMES[alg]}",
                         lambda a=alg: self.set_algorithm(a),
                         f"Recompute the summary with {alg}"))
        cmds += [
            ("summary: Longer", self.action_longer, "One more summary sentence"),
            ("summary: Shorter", self.action_shorter, "One fewer summary sentence"),
            ("summary: Next sentence in text", self.action_next_summary,
             "Jump to the next summary sentence"),
            ("summary: Previous sentence in text", self.action_prev_summary,
             "Jump to the previous summary sentence"),
            ("layers: Toggle entities", lambda: self.action_toggle_layer("entities"),
             "Show or hide entity colours"),
            ("layers: Toggle quotes", lambda: self.action_toggle_layer("quotes"),
             "Show or hide quotation styling"),
            ("layers: Toggle summary marks", lambda: self.action_toggle_layer("summary"),
             "Show or hide summary sentences in the text"),
            ("layers: Toggle search matches", lambda: self.action_toggle_layer("matches"),
             "Show or hide search matches"),
            ("panel: Show entities", lambda: self.action_show_tab("entities"),
             "People, organisations and places (e)"),
            ("panel: Show quotes", lambda: self.action_show_tab("quotes"),
             "Quotations and who said them (\")"),
            ("search: Find in article", self.action_search, "Search the article"),
            ("search: Next match", self.action_next_match, "Go to the next match"),
            ("search: Previous match", self.action_prev_match, "Go to the previous match"),
            ("view: Go to top", self.action_top, "Scroll to the start"),
            ("view: Go to bottom", self.action_bottom, "Scroll to the end"),
            ("view: Toggle side panel", self.action_toggle_panel,
             "Show or hide entities and quotes"),
            ("library: Back to library", self.action_back, "Return to the article list"),
            ("bookmark: Add at current sentence", self.action_bookmark,
             "Bookmark the sentence you are reading, with an optional note"),
            ("bookmark: Select passage to highlight", self.action_select,
             "Select whole sentences with j/k, Enter to highlight"),
            ("bookmark: Note on this article", self.action_article_note,
             "Write a Markdown note about the whole article"),
        ]
        return cmds + self.chapter_commands() + self.link_commands()
