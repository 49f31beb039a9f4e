"""Other tools in and out: imports (``reader import FORMAT``) and exports (``reader export
TARGET``), each one module and one entry in a registry.

* :mod:`.formats` — one module per tool's export format (pocket, instapaper, wallabag,
  omnivore, bookmarks), registered in :data:`reader.core.interop.formats.FORMATS`; each
  reads a file into :class:`~reader.core.interop.saved.Saved` items, writing nothing.
* :mod:`.importing` — what is done with the items: merged into the library, pages fetched,
  highlights placed.
* :mod:`.exports` — one module per target (obsidian, readwise, markdown), registered in
  :data:`reader.core.interop.exports.EXPORTS`.
"""
