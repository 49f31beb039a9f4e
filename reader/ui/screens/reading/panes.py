"""The reading screen's panes: scrolling the article, moving focus between the article,
the summary and the side panel, the marks' layers, and showing the panel and its tabs."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from reader.ui.parts import Command, Part


class Panes(Part):
    """Scrolling, focus, layers, the side panel."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("j,down", "down", "Down", show=False, id="reading.down"),
        Binding("k,up", "up", "Up", show=False, id="reading.up"),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False,
                id="reading.page_down"),
        Binding("b,pageup,ctrl+b", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("g,home", "top", "Top", show=False, id="reading.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reading.bottom"),
        Binding("h,left", "focus_step(-1)", "Left pane", show=False, id="reading.focus_left"),
        Binding("l,right", "focus_step(1)", "Right pane", show=False,
                id="reading.focus_right"),
        Binding("1", "toggle_layer('entities')", "Entities", id="reading.toggle_entities"),
        Binding("2", "toggle_layer('quotes')", "Quotes", show=False,
                id="reading.toggle_quotes"),
        Binding("3", "toggle_layer('summary')", "Summary marks", show=False,
                id="reading.toggle_summary"),
        Binding("4", "toggle_layer('matches')", "Matches", show=False,
                id="reading.toggle_matches"),
        Binding("p", "toggle_panel", "Panel", show=False, id="reading.toggle_panel"),
        Binding("e", "show_tab('entities')", "Entities list", show=False,
                id="reading.show_entities"),
        Binding("quotation_mark", "show_tab('quotes')", "Quotes list", show=False,
                id="reading.show_quotes"),
    ]

    # ------------------------------------------------------------------ scrolling
    def down(self) -> None:
        annotations = self.screen.annotations
        if annotations.selection is not None:
            annotations.extend_selection(1)
        else:
            self.screen.article.scroll_relative(y=1, animate=False)

    def up(self) -> None:
        annotations = self.screen.annotations
        if annotations.selection is not None:
            annotations.extend_selection(-1)
        else:
            self.screen.article.scroll_relative(y=-1, animate=False)

    def page_down(self) -> None:
        self.screen.article.scroll_page_down(animate=False)

    def page_up(self) -> None:
        self.screen.article.scroll_page_up(animate=False)

    def top(self) -> None:
        self.screen.article.scroll_home(animate=False, immediate=True)

    def bottom(self) -> None:
        self.screen.article.scroll_end(animate=False, immediate=True)

    # ------------------------------------------------------------------ focus
    def _panes(self) -> list:
        screen, side = self.screen, self.screen.side
        if screen.has_class("-narrow"):  # the summary or the side panel, one at a time
            return [screen.article, side.current_list if screen.has_class("-side-shown")
                    else screen.summary]
        panes = [screen.article, screen.summary]
        if not side.has_class("-hidden"):
            panes.append(side.current_list)
        return panes

    def focus_step(self, step: int) -> None:
        panes = self._panes()
        focused = self.screen.focused
        idx = next((i for i, p in enumerate(panes) if p is focused), 0)
        panes[(idx + step) % len(panes)].focus()

    def back_to_text(self) -> None:
        """The keys go back to the article; in a narrow terminal the side panel a key showed
        gives the summary its place again."""
        screen = self.screen
        if screen.has_class("-narrow") and screen.has_class("-side-shown"):
            screen.remove_class("-side-shown")
        screen.article.focus()

    # ------------------------------------------------------------------ layers and panel
    def toggle_layer(self, layer: str) -> None:
        on = self.screen.article.toggle_layer(layer)
        self.say(f"{layer.capitalize()} {'shown' if on else 'hidden'}", timeout=1.5)
        self.screen.update_status()

    def toggle_panel(self) -> None:
        """Show or hide the side panel. In a narrow terminal, where the summary sits under
        the text, it goes round: the side panel in the summary's place, then the text alone
        on the whole screen, then the summary again."""
        screen, side = self.screen, self.screen.side
        if screen.has_class("-narrow"):
            side.remove_class("-hidden")
            if screen.has_class("-text-only"):
                screen.remove_class("-text-only")
            elif screen.has_class("-side-shown"):
                screen.remove_class("-side-shown")
                screen.add_class("-text-only")
                screen.article.focus()
                return
            else:
                screen.add_class("-side-shown")
                side.current_list.focus()
                return
            if screen.summary.has_focus_within or side.has_focus_within:
                screen.summary.focus()
            return
        side.toggle_class("-hidden")

    def show_tab(self, tab: str) -> None:
        """Show the side panel's entities, quotes, links or contents and move the cursor
        there."""
        screen, side = self.screen, self.screen.side
        side.remove_class("-hidden")
        side.active = f"tab-{tab}"
        if screen.has_class("-narrow"):
            screen.remove_class("-text-only")
            screen.add_class("-side-shown")  # in place of the summary
        screen.call_after_refresh(side.current_list.focus)

    def commands(self) -> list[Command]:
        return [
            ("layers: Toggle entities", lambda: self.toggle_layer("entities"),
             "Show or hide entity colours"),
            ("layers: Toggle quotes", lambda: self.toggle_layer("quotes"),
             "Show or hide quotation styling"),
            ("layers: Toggle summary marks", lambda: self.toggle_layer("summary"),
             "Show or hide summary sentences in the text"),
            ("layers: Toggle search matches", lambda: self.toggle_layer("matches"),
             "Show or hide search matches"),
            ("panel: Show entities", lambda: self.show_tab("entities"),
             "People, organisations and places (e)"),
            ("panel: Show quotes", lambda: self.show_tab("quotes"),
             "Quotations and who said them (\")"),
            ("view: Go to top", self.top, "Scroll to the start"),
            ("view: Go to bottom", self.bottom, "Scroll to the end"),
            ("view: Toggle side panel", self.toggle_panel, "Show or hide entities and quotes"),
        ]
