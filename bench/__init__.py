"""Benchmarks of the example city site under gunicorn, measured with wrk (see README.md)."""

__all__ = ["BenchError"]


class BenchError(Exception):
    """The benchmark cannot run, or its numbers would mean nothing; the message says why."""
