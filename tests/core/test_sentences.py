from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.analysis.sentences import split_sentences


def texts(spans, text):
    return [text[s:e] for s, e in spans]


def test_abbreviations_initials_and_quotes() -> None:
    text = ("U.S. officials met Mr. Zhao on Jan. 5 in Washington. J. K. Rowling wrote it. "
            "He said it was about China. Ukraine\". Then he left.")
    got = texts(split_sentences(text), text)
    assert got == [
        "U.S. officials met Mr. Zhao on Jan. 5 in Washington.",
        "J. K. Rowling wrote it.",
        "He said it was about China.",
        "Ukraine\".",
        "Then he left.",
    ]


def test_seed_sentences(seed_text: str) -> None:
    got = texts(split_sentences(seed_text), seed_text)
    assert got[0] == ("China claims that its stance on the Russia-Ukraine conflict will not "
                      "change despite pressure from the US.")
    assert '"On the Ukraine issue, China makes an independent position based on the nature of ' \
           'the matter in a fair and objective manner," Zhao said.' in got
    assert got[-3:] == ["See more:", "Comments", "Post a Comment"]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = ("It is a truth universally acknowledged, that a single man in possession\n"
            "of a good fortune, must be in want of a wife. However little known the\n"
            "feelings or views of such a man may be on his first entering a\n"
            "neighbourhood, this truth is so well fixed.\n\nCHAPTER II\n\nMr.\nBennet was"
            " among the earliest.")
    got = texts(split_sentences(text), text)
    assert got[0].startswith("It is a truth") and got[0].endswith("want of a wife.")
    assert got[1].startswith("However little known") and got[1].endswith("well fixed.")
    assert "CHAPTER II" in got
    assert got[-1] == "Mr.\nBennet was among the earliest."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*list("ab .!?\"'\n\tMr.U.S”“"), "\r", "\u2028"]),
               max_size=300))
def test_spans_are_exact_ordered_and_lose_nothing(text: str) -> None:
    spans = split_sentences(text)
    pos = 0
    for s, e in spans:
        assert 0 <= pos <= s < e <= len(text)
        assert text[pos:s].strip() == ""  # nothing but white space between spans
        assert text[s:e] == text[s:e].strip()
        pos = e
    assert text[pos:].strip() == ""


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=400))
def test_spans_on_any_unicode(text: str) -> None:
    spans = split_sentences(text)
    joined = "".join(text[s:e] for s, e in spans)
    assert "".join(joined.split()) == "".join(text.split())
