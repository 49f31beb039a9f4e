"""Stores written by every earlier schema (tests/fixtures/stores/schema-N.db, each made by
the reader of that schema's commit with its own code) open with every mark, note, place,
feed and waiting highlight."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.library import Library, Store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "stores"


def _open(version: int) -> Store:
    data = Path(os.environ["READER_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / f"schema-{version}.db", data / "reader.db")
    return Store()


@pytest.mark.parametrize("version", range(1, 8))
def test_a_store_of_every_earlier_schema_opens_with_everything(version: int) -> None:
    from reader.core.library.migrations import MIGRATIONS

    with _open(version) as store:
        assert store.read_only is None and store.notice is None
        marks = sorted(store.marks.list(), key=lambda m: m.sentence)
        # (sentence numbers as that version counted them)
        assert [(m.kind, m.last_sentence - m.sentence) for m in marks] == [
            ("bookmark", 0), ("highlight", 1)]
        assert marks[0].note == "a note on three" and marks[0].tags == ["kept"]
        art = next(a for a in store.articles.all() if a.id == marks[0].article_id)
        assert store.articles.position(art)[0] == 1234
        assert store.articles.note(art) == "the article's own note"
        applied = [r[0] for r in store.db.conn.execute(
            "SELECT name FROM applied_migrations ORDER BY rowid")]
        assert applied == [m.__name__ for m in MIGRATIONS]
        lib = Library(store)
        assert [h.article.id for h in lib.search("three")] == [art.id]  # notes are searchable
        if version >= 2:
            (feed,) = store.feeds.all()
            assert feed.title == "Harbour feed"
            assert [i.title for i in store.feeds.items()] == ["Item one"]
        if version >= 7:
            (pending,) = store.imports.pending()
            assert pending.quote == "a quote waiting for its page"
            tweet = next(a for a in store.articles.all() if a.title == "A saved tweet")
            norm = store.db.conn.execute("SELECT norm_url FROM articles WHERE id = ?",
                                       (tweet.id,)).fetchone()[0]
            assert norm == "https://twitter.com#!/alice/status/1001"  # the page, not the site


def test_a_store_from_a_newer_reader_is_left_alone(tmp_path: Path) -> None:
    from reader.core.library import StoreError

    data = Path(os.environ["READER_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "schema-7.db", data / "reader.db")
    conn = sqlite3.connect(data / "reader.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer reader"):
        Store()
    assert [p.name for p in data.iterdir() if "corrupt" in p.name] == []  # not set aside
    conn = sqlite3.connect(data / "reader.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99  # nor migrated
    assert conn.execute("SELECT count(*) FROM marks").fetchone()[0] == 2
    conn.close()
