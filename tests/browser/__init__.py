"""Browser tests: the admin and the public site driven through Debian's chromium."""
