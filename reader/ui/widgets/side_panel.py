"""The side panel: people, organisations and places (grouped by fullest name), quotes, and
a book's contents.

Data comes down through :meth:`SidePanel.show`; choosing an entity steps through its
mentions and choosing a quote shows it, each by posting :class:`~reader.ui.messages.JumpTo`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.widgets import TabbedContent, TabPane
from textual.widgets.option_list import Option

from reader.core.analysis.entities import Entity
from reader.core.analysis.names import group_entities, speaker_groups
from reader.core.analysis.quotes import UNATTRIBUTED, Quote
from reader.core.textsafe import one_line, one_line_middle
from reader.ui.messages import JumpTo
from reader.ui.widgets.common import VimOptionList

LABEL_NAMES = {"PERSON": "People", "ORGANIZATION": "Organisations", "LOCATION": "Places"}

Span = tuple[int, int]


class LinkList(VimOptionList):
    """The Links tab's list: typing a link's number moves to it, and follows it as soon as
    no longer number could be meant (``3`` among 9 links; ``2`` then ``5`` among 30), or
    on Enter."""

    #: Digits typed within this many seconds make one number.
    PAUSE = 1.5

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._typed = ""
        self._typed_at = 0.0

    def on_key(self, event) -> None:
        if not (event.character or "").isdigit() or not self.option_count:
            return
        import time

        event.stop()
        event.prevent_default()
        now = time.monotonic()
        typed = (self._typed if now - self._typed_at < self.PAUSE else "") + event.character
        self._typed_at = now
        n = int(typed)
        if not 1 <= n <= self.option_count:
            self._typed = ""
            self.app.bell()
            return
        self._typed = typed
        self.highlighted = n - 1
        if n * 10 > self.option_count:  # no longer number is possible: follow it now
            self._typed = ""
            self.action_select()


class SidePanel(TabbedContent):
    """Entities and quotations, as two tabs."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: "LABEL:name" -> the spans of its mentions, in document order.
        self.mentions: dict[str, list[Span]] = {}
        self._mention_pos: dict[str, int] = {}
        self._quotes: list[Quote] = []
        #: "who<k>" -> (a speaker's name, the spans of their quotations).
        self._speakers: dict[str, tuple[str, list[Span]]] = {}
        # The panes, added as `with SidePanel(): with TabPane(...)` would add them.
        self.compose_add_child(TabPane("Entities", VimOptionList(id="entities"),
                                       id="tab-entities"))
        self.compose_add_child(TabPane("Quotes", VimOptionList(id="quotes"), id="tab-quotes"))
        self.compose_add_child(TabPane("Contents", VimOptionList(id="contents"),
                                       id="tab-contents"))
        self.compose_add_child(TabPane("Links", LinkList(id="links"), id="tab-links"))
        self._chapters: list = []
        self.links: list[tuple[int, int, str]] = []

    @property
    def current_list(self) -> VimOptionList:
        name = {"tab-entities": "#entities", "tab-quotes": "#quotes",
                "tab-links": "#links"}.get(self.active, "#contents")
        return self.query_one(name, VimOptionList)

    def show_contents(self, chapters: Sequence, length: int = 0) -> None:
        """The book's chapters (objects with title, start, end), each with where it starts in
        the whole (a percentage of *length*); no tab for an article."""
        self._chapters = list(chapters)
        contents = self.query_one("#contents", VimOptionList)
        contents.clear_options()
        contents.add_options([
            Option(Text(one_line(c.title, 60)) + Text(f"  {c.start / length:.0%}" if length
                                                      else "", style="dim"), id=f"c{k}")
            for k, c in enumerate(chapters)])
        if chapters:
            self.show_tab("tab-contents")
            self.get_tab("tab-contents").label = f"Contents ({len(chapters)})"
            self.active = "tab-entities"
        else:
            self.hide_tab("tab-contents")

    def show_links(self, text: str, links: Sequence[tuple[int, int, str]],
                   targets: Sequence[str] | None = None) -> None:
        """The article's links, numbered in order: [n] link text, where it leads (the whole
        resolved address, cut in the middle when long: "../../etc/passwd" shows as such)."""
        self.links = list(links)
        shown = list(targets) if targets is not None else [url for _, _, url in links]
        box = self.query_one("#links", VimOptionList)
        box.clear_options()
        box.add_options([
            Option(Text.assemble((f"[{n}] ", "bold"), one_line(text[s:e], 40) or "(link)",
                                 ("  " + one_line_middle(target, 60), "dim")), id=f"l{n - 1}")
            for n, ((s, e, _), target) in enumerate(zip(links, shown, strict=True), 1)])
        if links:
            self.show_tab("tab-links")
            self.get_tab("tab-links").label = f"Links ({len(links)})"
        else:
            self.hide_tab("tab-links")

    def highlighted_link(self) -> str | None:
        box = self.query_one("#links", VimOptionList)
        k = box.highlighted
        return self.links[k][2] if k is not None and 0 <= k < len(self.links) else None

    def select_chapter(self, k: int | None) -> None:
        if k is not None:
            self.query_one("#contents", VimOptionList).highlighted = k

    def show(self, entities: Sequence[Entity], quotes: Sequence[Quote],
             keyphrases: Sequence = ()) -> None:
        """Fill the Entities tab (key phrases first: Enter searches the article for one) and
        the Quotes tab."""
        self.mentions, self._mention_pos, self._quotes = {}, {}, list(quotes)
        options: list[Option] = []
        if keyphrases:
            options.append(Option(Text(f"Key phrases ({len(keyphrases)})", style="bold"),
                                  disabled=True))
            options += [Option(Text("  ") + Text(one_line(k.text, 40)), id=f"key:{k.text}")
                        for k in keyphrases]
        for label, names in group_entities(entities).items():
            if label not in LABEL_NAMES:
                continue
            total = sum(len(spans) for _, spans in names)
            options.append(Option(Text(f"{LABEL_NAMES[label]} ({total})", style="bold"),
                                  disabled=True))
            for name, spans in names:
                key = f"{label}:{name}"
                self.mentions[key] = spans
                prompt = (Text("  ") + Text(one_line(name, 40))
                          + Text(f"  ×{len(spans)}", style="dim"))
                options.append(Option(prompt, id=key))
        ents = self.query_one("#entities", VimOptionList)
        ents.clear_options()
        ents.add_options(options)
        q_list = self.query_one("#quotes", VimOptionList)
        q_list.clear_options()
        q_list.add_options(self._speaker_rows(quotes))
        q_list.add_options([
            Option(Text.assemble((one_line(q.speaker or UNATTRIBUTED), "bold"), "  ",
                                 Text(one_line(q.text, 90))), id=f"q{i}")
            for i, q in enumerate(quotes)
        ])
        self.get_tab("tab-entities").label = f"Entities ({len(entities)})"
        self.get_tab("tab-quotes").label = f"Quotes ({len(quotes)})"
        # The labels grew: the active tab's underline follows (Textual moves it only when
        # the active tab changes; "show" an already shown tab re-places it).
        if self.active:
            self.show_tab(self.active)

    def _speaker_rows(self, quotes: Sequence[Quote]) -> list[Option]:
        """One row per person who speaks, with the other names they speak under and how many
        quotations ("Mr. Wickham (Wickham)  ×54"), then a header over the quotations; nothing
        when no quotation has a speaker. Choosing a row steps through that person's
        quotations."""
        self._speakers = {}
        rows = speaker_groups(q.speaker for q in quotes)
        if not rows:
            return []
        options = [Option(Text(f"Speakers ({len(rows)})", style="bold"), disabled=True)]
        for k, (name, also, count) in enumerate(rows):
            names = {name, *also}
            self._speakers[f"who{k}"] = (name, [(q.start, q.end) for q in quotes
                                                if q.speaker in names])
            prompt = Text("  ") + Text(one_line(name, 40), style="bold")
            if also:
                prompt += Text(" (" + one_line(", ".join(also), 40) + ")")
            options.append(Option(prompt + Text(f"  ×{count}", style="dim"), id=f"who{k}"))
        options.append(Option(Text(f"Quotations ({len(quotes)})", style="bold"),
                              disabled=True))
        return options

    def _step(self, key: str, count: int) -> int:
        """The next of *count* places for *key* (a name's mentions, a speaker's quotations),
        round to the first after the last."""
        k = (self._mention_pos.get(key, -1) + 1) % count
        self._mention_pos[key] = k
        return k

    @on(VimOptionList.OptionSelected, "#entities")
    def _entity_chosen(self, event: VimOptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        if key is not None and key.startswith("key:"):
            from reader.ui.widgets.search_bar import SearchBar

            self.post_message(SearchBar.Find(key[4:]))  # every place it is written
            return
        if key is None or key not in self.mentions:
            return
        spans = self.mentions[key]
        k = self._step(key, len(spans))
        name = key.split(":", 1)[1]
        self.post_message(JumpTo(*spans[k], say=f"{name}: mention {k + 1} of {len(spans)}"))

    @on(VimOptionList.OptionSelected, "#contents")
    def _chapter_chosen(self, event: VimOptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        chapter = self._chapters[int(event.option.id[1:])]
        self.post_message(JumpTo(chapter.start, chapter.start + len(chapter.title),
                                 say=one_line(chapter.title, 60), top=True, to_text=True))

    @on(VimOptionList.OptionSelected, "#links")
    def _link_chosen(self, event: VimOptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            from reader.ui.messages import FollowLink

            self.post_message(FollowLink(self.links[int(event.option.id[1:])][2]))


    @on(VimOptionList.OptionSelected, "#quotes")
    def _quote_chosen(self, event: VimOptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        key = event.option.id
        if key in self._speakers:
            name, spans = self._speakers[key]
            k = self._step(key, len(spans))
            self.post_message(JumpTo(*spans[k],
                                     say=f"{name}: quotation {k + 1} of {len(spans)}"))
            return
        q = self._quotes[int(key[1:])]
        self.post_message(JumpTo(q.start, q.end))
