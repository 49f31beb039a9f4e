"""The widgets screens are made of: the article, the summary, the side panel, the
search bar, the first look, and common lists, tables and fields."""
