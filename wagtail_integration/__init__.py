"""wagtail-integration: what a city's integration office needs on its Wagtail site."""

__version__ = "0.1.0.dev0"
__all__ = ["__version__"]
