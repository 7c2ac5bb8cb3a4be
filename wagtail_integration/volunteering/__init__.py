"""The volunteer-interest form and the coordinators' workspace."""
