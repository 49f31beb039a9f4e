"""Tests of reader.core: formats, analysis, the store, imports and exports."""
