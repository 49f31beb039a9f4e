"""Key phrases: what they pick, the CLI, JSON, and the side panel."""

from __future__ import annotations

import json

from reader.cli import main
from reader.core.analysis import segment
from reader.core.analysis.keyphrases import keyphrases
from reader.core.document import Document
from reader.core.sources import load

from ..conftest import SEED, SIZE, open_seed, wait_for


def _keys(text: str, top: int = 10) -> list[str]:
    doc = Document(text=text, title="t", source="x")
    spans, _ = segment(doc)
    return [k.text for k in keyphrases(doc.text, spans, top)]


def test_what_the_text_keeps_coming_back_to_comes_first_not_the_entity_list() -> None:
    keys = _keys(load(str(SEED)).text)
    assert keys[:2] == ["Ukraine", "China"]
    assert "Ukraine crisis" in keys and {"pressure", "officials"} <= set(keys)
    assert "President Joe Biden" not in keys  # a name said twice: the entity panel's
    assert not {"the", "said", "March", "Mrs"} & set(keys)


def test_a_short_texts_phrases_count_from_their_first_use() -> None:
    abstract = ("A genetic algorithm schedules the jobs of a flexible manufacturing system. "
                "The algorithm is compared with dispatching rules on test problems. "
                "Schedules found by the algorithm are shorter.")
    assert "flexible manufacturing system" in _keys(abstract, 5)


def test_a_phrase_inside_a_better_one_is_left_out_and_possessives_fold() -> None:
    text = ("The diary was written by Anne Frank. Anne Frank's diary was found later. "
            "The diary of Anne Frank is read today. Many visit the house of Anne Frank. "
            "The camp was liberated. Many visit the camp.")
    keys = _keys(text, 4)
    assert keys[0] == "Anne Frank" and "Anne" not in keys and "Frank" not in keys
    assert "Anne Frank's" not in keys and "diary" in keys


def test_a_word_the_text_uses_inside_longer_terms_is_not_the_key_the_term_is() -> None:
    # "network" is the commonest word, but always part of something: the terms are keys.
    abstract = ("We train a neural network on network traffic. The neural network is fast "
                "on network traffic in real time. Unlike a rule engine, the neural network "
                "can adapt when network traffic changes. Its network layer and network "
                "model are small.")
    assert set(_keys(abstract, 2)) == {"neural network", "network traffic"}


def test_a_word_in_a_verbs_place_is_not_what_the_text_is_about() -> None:
    # "heard" is the commonest word, always right after a subject or an auxiliary.
    text = ("He heard the bell. She heard the bell too. They had heard it before. "
            "I heard it from the tower. The bell rang at noon. We have heard the tower "
            "clock. The tower stands by the river.")
    keys = _keys(text, 3)
    assert "heard" not in keys and keys[:2] == ["bell", "tower"]


def test_a_word_in_ing_after_a_preposition_is_a_verbs_form() -> None:
    text = ("The talks aimed at finding a deal. Both sides spoke of finding common ground. "
            "Nobody is close to finding it. The deal was still far off, and the deal had "
            "critics.")
    keys = _keys(text, 2)
    assert "finding" not in keys and "deal" in keys


def test_forms_of_one_word_are_one_key_phrase_under_its_commonest_form() -> None:
    # "election" twice and "elections" twice are one word said four times: it outranks
    # "budget" said three times, and shows as the form the text uses most.
    text = ("The elections were close. The budget was late. Elections cost money. "
            "The election had a winner. The budget grew. The budget shrank. "
            "A second election was called. Nobody spoke of the elections after that.")
    keys = _keys(text, 3)
    assert keys[0] == "elections" and "election" not in keys and "budget" in keys


def test_cli_keywords_text_and_json(capsys) -> None:
    assert main(["keywords", str(SEED), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "-- key phrases (3)" in out and "  Ukraine" in out
    assert main(["analyze", str(SEED), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert [k["text"] for k in row["keyphrases"]][:2] == ["Ukraine", "China"]
    assert all(isinstance(k["score"], float) for k in row["keyphrases"])


async def test_side_panel_lists_key_phrases_and_enter_searches() -> None:
    from reader.ui.app import ReaderApp

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("e")
        entities = screen.query_one("#entities")
        await wait_for(pilot, lambda: entities.has_focus)
        first = entities.get_option_at_index(1)
        assert first.id == "key:Ukraine"
        entities.highlighted = 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.finder.query == "Ukraine" and screen.finder.matches)
        assert len(screen.finder.matches) == screen.document.text.count("Ukraine")
