"""Organisations and venues that guides and events point to."""
