"""Across layers and processes: the web on loopback, hostile input everywhere, real
terminals, the rules of the architecture."""
