"""Event series, recurring Stammtische and their occurrences."""
