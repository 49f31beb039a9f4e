"""Pilot tests of the TUI's screens and flows, and its SVG snapshots."""
