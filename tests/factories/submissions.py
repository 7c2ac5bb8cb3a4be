"""What every public form shares: the fill-time token."""


def form_token(page, seconds_ago=60):
    """A fill-time token for ``page``'s form, made ``seconds_ago`` seconds ago."""
    import time

    from wagtail_integration.submissions.spam import make_token

    return make_token(page.pk, now=time.time() - seconds_ago)
