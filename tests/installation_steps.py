"""The steps of docs/installation.md that a fresh ``wagtail start mysite`` site is given.

The page marks each block a host site applies with an HTML comment just before it (invisible in
the built docs)::

    <!-- host-site: append mysite/settings/base.py -->   the block goes at the end of the file
    <!-- host-site: write mysite/celery.py -->           the block becomes the whole file
    <!-- host-site: run -->                              its ``$`` lines are run in the project

The wheel test applies them in the page's order, so the page and what is tested cannot drift
apart; the docs test checks that they are well formed without building anything.
"""

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

__all__ = ["INSTALLATION_MD", "PROJECT", "Step", "apply_step", "installation_steps"]

INSTALLATION_MD = Path(__file__).resolve().parent.parent / "docs" / "installation.md"

#: The project name the page's paths and the wheel test's ``wagtail start`` use.
PROJECT = "mysite"

_STEP = re.compile(
    r"^<!-- host-site: (?P<action>append|write|run)(?: (?P<path>\S+))? -->\n\s*\n?"
    r"^```[^\n]*\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_MARKER = re.compile(r"^<!-- host-site:.*$", re.MULTILINE)


@dataclass(frozen=True)
class Step:
    """One marked block: what to do (``append``, ``write``, ``run``), where, and the text."""

    action: str
    path: str | None
    body: str
    line: int

    def commands(self):
        """The argument lists of a ``run`` step's ``$`` lines."""
        return [shlex.split(line[2:]) for line in self.body.splitlines() if line.startswith("$ ")]


def installation_steps(text=None):
    """The marked steps of installation.md, in order; a marker without its block is an error."""
    text = INSTALLATION_MD.read_text(encoding="utf-8") if text is None else text
    steps = [
        Step(
            action=match["action"],
            path=match["path"],
            body=match["body"],
            line=text.count("\n", 0, match.start()) + 1,
        )
        for match in _STEP.finditer(text)
    ]
    markers = len(_MARKER.findall(text))
    if markers != len(steps):
        raise ValueError(
            f"{INSTALLATION_MD.name} has {markers} host-site markers but {len(steps)} of them "
            "are followed by a fenced block (a marker, a blank line, then the block)."
        )
    return steps


def apply_step(step, project, run):
    """Apply ``step`` to the ``wagtail start`` site in ``project``.

    ``run(args)`` runs one command in the project; ``python`` at its start stands for the
    host's interpreter, which ``run`` supplies.
    """
    if step.action == "run":
        for args in step.commands():
            if args[0] != "python":
                raise ValueError(f"line {step.line}: a host-site command starts with `python`")
            run(args[1:])
        return
    target = Path(project) / step.path
    if step.action == "write":
        target.write_text(step.body, encoding="utf-8")
    else:
        existing = target.read_text(encoding="utf-8")
        target.write_text(f"{existing.rstrip()}\n\n\n{step.body}", encoding="utf-8")
