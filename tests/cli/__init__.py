"""Tests of the command line: its commands, outputs and JSON contract."""
