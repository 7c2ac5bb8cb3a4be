"""What every public form of the package shares: spam defence, consent, outbox, retention.

The volunteer-interest form and the honours nomination form both build on it; neither copies
the other. A form's submission model extends :class:`~.models.AbstractSubmission`, its Django form
extends :class:`~.forms.SubmissionForm`, and :func:`~.intake.accept` stores a valid submission
with its notifications in one transaction.
"""
