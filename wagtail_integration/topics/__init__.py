"""Topic guides: one page per theme, kept fresh."""
