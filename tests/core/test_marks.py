"""The trained entity recogniser, its clean-up for fiction, and quote attribution."""

from __future__ import annotations

import json

import pytest

from reader.core.analysis import ner
from reader.core.analysis.entities import PERSON, recognise
from reader.core.analysis.names import canonical_names, group_entities
from reader.core.analysis.quotes import find_quotes
from reader.core.analysis.sentences import split_sentences
from tests.conftest import eval_path

FUNCTION_WORDS = {"of", "for", "the", "and", "a", "an", "in", "to", "on", "at", "by", "with"}


def ents(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in recognise(text, split_sentences(text))]


def speakers(text: str) -> list[str | None]:
    sp = split_sentences(text)
    return [q.speaker for q in find_quotes(text, sp, recognise(text, sp))]


def test_model_ships_and_loads() -> None:
    assert ner.available()
    assert ner.MODEL_PATH.stat().st_size < 5_000_000
    assert len(ner.model_id()) == 12


def test_tokenised_the_way_conll_is() -> None:
    text = "The U.S. envoy didn't meet Mr. Smith's aide, Inzamam-ul-Haq, on 1996-08-22."
    words = [text[a:b] for a, b in ner.tokenize(text)]
    assert words == ["The", "U.S.", "envoy", "did", "n't", "meet", "Mr.", "Smith", "'s", "aide",
                     ",", "Inzamam-ul-Haq", ",", "on", "1996-08-22", "."]


def test_features_worked_out_once_per_word_are_each_sentences_own() -> None:
    # One document's Features keeps each word's description; a word's neighbours still come
    # from the sentence it is in, wherever it stood before.
    vocab = frozenset({"met", "smiled"})
    first, second = ["Mr.", "Darcy", "met", "Elizabeth", "."], ["Elizabeth", "smiled", "."]
    shared = ner.Features(vocab)
    shared.sentence(first)
    again = shared.sentence(second)
    assert again == ner.Features(vocab).sentence(second)
    eliza = again[0]
    assert {"BOS", "-1:pad", "1:w=smiled", "2:w=.", "w=elizabeth", "cap"} <= set(eliza)
    assert not any(f.startswith(("-2:", "-1:w=")) for f in eliza)
    in_first = shared.sentence(first)[3]
    assert {"-2:w=darcy", "-1:w=met", "1:w=.", "1:pad"} - set(in_first) == {"1:pad"}
    assert "-1:cap" not in in_first and "-2:w=darcy" in in_first
    # The model reads the same features as before: "Mr. Darcy" is a person.
    text = "Mr. Darcy met Elizabeth. Elizabeth smiled."
    assert ("PERSON", "Darcy") in [(e.label, e.text.removeprefix("Mr. ")) for e in
                                   recognise(text, split_sentences(text))]


def test_quotes_in_skipped_parts_are_not_read_even_when_parts_nest() -> None:
    from reader.core.analysis.quotes import find_quote_spans

    paras = ["“Front matter,” it said.", "“Inner part,” it said.", "“Story,” he said."]
    text = "\n\n".join(paras)
    starts = [text.index(p) for p in paras]
    spans = [(s, s + len(p)) for s, p in zip(starts, paras, strict=True)]
    # The second paragraph lies in the first skipped part, not in the one starting later.
    skip = [(0, spans[1][1]), (spans[1][0] - 1, spans[1][0] + 5)]
    assert [text[a:b] for a, b in find_quote_spans(text, skip)] == ["“Story,”"]
    assert len(find_quote_spans(text)) == 3


def test_news_names_typed() -> None:
    got = ents("German Chancellor Helmut Kohl met officials of the European Commission in "
               "Brussels on Monday, the Foreign Ministry in Bonn said.")
    assert ("PERSON", "Helmut Kohl") in got
    assert ("ORGANIZATION", "European Commission") in got
    assert ("LOCATION", "Brussels") in got and ("LOCATION", "Bonn") in got


def test_title_split_and_org_suffix() -> None:
    got = ents("A meeting between US National Security Adviser Jake Sullivan and the Keck "
               "Observatory staff was held, and Deutsche Bahn said it would pay.")
    assert ("PERSON", "Jake Sullivan") in got
    assert ("ORGANIZATION", "Keck Observatory") in got
    assert not any(label == PERSON and "Bahn" in t for label, t in got)


NOVEL = (
    "CHAPTER 29. Enter Ahab; to Him, Stubb.\n\n"
    "Some days elapsed before the captain would enter the deck, and then Captain Ahab came up "
    "and looked down at the sea. “Down, dogs!” cried Ahab. Stubb looked at the captain, a "
    "poor man's friend. “Aye, aye, sir,” said Stubb, and Flask laughed. Poor Queequeg slept. "
    "“Good God!” said Flask. Overhearing Starbuck, the crew ran. Ahab stood alone; "
    "Stubb and Flask watched him of the whale. Queequeg nodded to Stubb. “Not I,” said "
    "Queequeg. “Nor I,” said Starbuck. “Then go below,” said Flask. “Aye,” said Stubb. "
    "“Good,” said Queequeg.\n"
)


def test_fiction_marks_are_names_not_words() -> None:
    got = ents(NOVEL)
    texts = [t for _, t in got]
    assert not any(t.split()[0] in FUNCTION_WORDS for t in texts)
    assert not any(t[:1].islower() for t in texts)
    for junk in ("Enter Ahab", "Poor Queequeg", "Good God", "Overhearing Starbuck", "God",
                 "Aye", "Down"):
        assert junk not in texts, junk
    people = {t for label, t in got if label == PERSON}
    assert {"Ahab", "Stubb", "Flask", "Queequeg"} <= people
    # One name, one label: every mention of Stubb is the same person.
    assert {label for label, t in got if t == "Stubb"} == {PERSON}


def test_canonical_names_need_an_unambiguous_frequent_full_name() -> None:
    text = ("Jane Bennet smiled. Elizabeth Bennet laughed. Mrs. Bennet sighed. Bennet left. "
            "Dr. Ann Smith spoke. Smith agreed, and Smith left.")
    names = canonical_names(recognise(text, split_sentences(text)))
    assert names["Bennet"] == "Bennet"  # two full names contain it
    assert names["Smith"] == "Ann Smith"


def test_quote_signed_with_a_dash_and_the_newspaper() -> None:
    text = ("“He is not fit to lead this country, and everyone knows it.” ― Pamela Padilla\n\n"
            "The New York Times reported the deal on Monday. “The talks are over and nothing "
            "was agreed,” the newspaper wrote.\n")
    assert speakers(text) == ["Pamela Padilla", "The New York Times"]


def test_pronoun_means_the_last_subject_not_a_name_inside_a_quote() -> None:
    text = ("Melanie Austin watched the rally from her couch.\n\n"
            "“Here comes Big Daddy,” she said, clapping her hands twice.\n")
    assert speakers(text) == ["Melanie Austin"]


def test_a_full_stop_inside_the_quote_ends_its_sentence() -> None:
    text = ("Japan branded North Korea an “outlaw nation in the neighborhood.” Russia insisted "
            "that the talks resume at once.\n")
    assert speakers(text) == ["Japan"]


def test_speaker_with_a_descriptor_after_the_verb() -> None:
    text = "“All we are asking for is an opportunity to be heard,” said 9/11 widow Terry Strada."
    assert speakers(text) == ["Terry Strada"]


def test_description_is_not_a_clause() -> None:
    text = ("Mayor Jennifer Roberts said Friday that she thinks the video should be released "
            "but said “the question is the timing.”")
    assert speakers(text) == ["Jennifer Roberts"]


def test_quote_without_a_speaker_says_unattributed(tmp_path, capsys) -> None:
    from reader.cli import main

    path = tmp_path / "soon.txt"
    path.write_text('Nobody knows what "soon" means in this town.\n', encoding="utf-8")
    assert main(["quotes", str(path)]) == 0
    assert '"soon" — unattributed' in capsys.readouterr().out


# ---------------------------------------------------------------- the evaluation data


def _conll_docs() -> list[str]:
    rows = [json.loads(line) for line in eval_path("conll2003_dev.jsonl").open()]
    docs: dict[int, list[str]] = {}
    for r in rows:
        docs.setdefault(r["doc_id"], []).append(" ".join(r["tokens"]))
    return ["\n".join(v) for v in docs.values()]


def test_conll_dev_has_no_lower_case_entities() -> None:
    for text in _conll_docs()[:40]:
        assert not any(t[:1].islower() and t.split()[0] in FUNCTION_WORDS
                       for _, t in ents(text))


@pytest.mark.parametrize("book, characters", [
    ("moby_dick_pg2701.txt", {"Ahab", "Starbuck", "Stubb", "Queequeg", "Flask", "Ishmael",
                              "Pip", "Tashtego", "Daggoo", "Peleg", "Bildad"}),
    ("pride_and_prejudice_pg1342.txt", {"Elizabeth", "Darcy", "Bennet", "Bingley", "Jane",
                                        "Wickham", "Collins", "Lydia", "Lizzy"}),
])
def test_books_top_people_are_characters(book: str, characters: set[str]) -> None:
    text = eval_path("books", book).read_text(encoding="utf-8-sig")
    found = recognise(text, split_sentences(text))
    assert not any(e.text.split()[0] in FUNCTION_WORDS for e in found)
    people = group_entities(found)[PERSON][:5]
    assert {name for name, _ in people} <= characters, people
    # Only particled names ("de Bourgh") may start in lower case.
    assert all(e.text.split()[0] in {"de", "van", "von", "da", "di", "al", "bin", "le", "la"}
               for e in found if e.text[:1].islower())


# ---------------------------------------------------------------- sentences that hold


def test_speech_tag_stays_with_its_quote() -> None:
    from reader.core.analysis.sentences import split_sentences as split

    text = ("“Where away?” demanded the captain. “Oh! the sharks!” cried Ahab; but the whale "
            "was not yet in sight. He said “no.” Then he left.")
    got = [text[s:e] for s, e in split(text)]
    assert got == ["“Where away?” demanded the captain.",
                   "“Oh! the sharks!” cried Ahab; but the whale was not yet in sight.",
                   "He said “no.”", "Then he left."]


@pytest.mark.parametrize("language, text, parts", [
    ("german", "Am 3. Okt. wird Dr. Müller in Berlin sprechen, z. B. über die Bahn. Danach "
               "geht er nach Hause.", 2),
    ("french", "M. Dupont arrive le 3 janv. à Paris, p. ex. pour voir Mme Martin. Il repart.", 2),
    ("spanish", "El Sr. García llegó a EE. UU. el lunes. La Dra. Pérez no.", 2),
])
def test_abbreviations_per_language(language: str, text: str, parts: int) -> None:
    from reader.core.analysis.sentences import split_sentences as split

    assert len(split(text, language)) == parts


def test_moby_dick_sentences_rarely_open_in_lower_case() -> None:
    text = eval_path("books", "moby_dick_pg2701.txt").read_text(encoding="utf-8-sig")
    spans = split_sentences(text)
    lower = sum(text[s].islower() for s, _ in spans)
    assert lower / len(spans) < 0.02


def test_daily_mail_single_quotes_with_a_space_before_the_closing_mark() -> None:
    # How the CNN/Daily Mail texts print speech: a space before the closing mark, and at
    # times after the opening one.
    text = ("Bradley Wiggins will bid to break the record in June. 'The Hour Record is a holy "
            "grail for cyclists, ' Wiggins said. ' I'm very wary of people flipping the "
            "emphasis, ' Sean Dyche said after the game.\n")
    sp = split_sentences(text)
    quotes = find_quotes(text, sp, recognise(text, sp))
    assert [(q.text[:12], q.speaker) for q in quotes] == [
        ("'The Hour Re", "Bradley Wiggins"), ("' I'm very w", "Sean Dyche")]


def test_a_few_words_in_scare_quotes_do_not_swallow_the_text_after_them() -> None:
    text = ("A practice said to 'expand the sweet spot' has swept into the UK, and its founder "
            "is pleased. Nicole Daedone said: 'People come to connect.'\n")
    sp = split_sentences(text)
    quotes = find_quotes(text, sp, recognise(text, sp))
    assert [q.text for q in quotes] == ["'expand the sweet spot'",
                                        "'People come to connect.'"]
    assert quotes[1].speaker == "Nicole Daedone"
