"""What a public form page (:class:`.models.AbstractFormPage`) serves: show, validate, store,
thank."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from .intake import accept, accepted_rate_limited, is_replay, rate_limit_message, rate_limited
from .models import Source

__all__ = ["serve_form", "serve_thanks"]


def serve_form(page, request, *args, source=Source.PAGE, **kwargs):
    """Answer GET with the empty form and POST by storing a valid submission.

    A valid POST is redirected to the page's thank-you view (so reloading it sends nothing twice);
    so is the same form sent again with its token (a double click), which stores nothing more.
    An invalid one comes back with its errors; one refused by the rate limits (per address and
    form, see :func:`.intake.rate_limited`) gets status 429 with ``Retry-After``, the entries
    kept, and ``rate_error``: the temporary block and its end. A submission whose honeypot was
    filled in is thanked for and dropped (and counted as accepted, so that it is answered like
    any other). The form is never cached: its token is good for one submission.
    """
    status = 200
    rate_error = None
    wait = 0
    if request.method == "POST":
        form = page.get_form(request.POST)
        replay = is_replay(form, request.POST.get(form.add_prefix(form.token_field)))
        wait = 0 if replay else rate_limited(request, page)
        if not wait and form.is_valid():
            wait = 0 if replay else accepted_rate_limited(request, page)
            if not wait:
                if not form.is_spam:
                    accept(form, page=page, source=source, language=page.locale.language_code)
                return redirect(page.url + page.reverse_subpage("thanks"))
        if wait:
            rate_error = rate_limit_message(wait)
            status = 429
    else:
        form = page.get_form()
    context = page.get_context(request, *args, **kwargs)
    context.update(form=form, rate_error=rate_error)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # Each answer carries a token of its own, good for one submission: a cache, the browser's
    # back button included, must not hand it out again.
    add_never_cache_headers(response)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def serve_thanks(page, request, *args, **kwargs):
    """The thank-you page after a submission."""
    context = page.get_context(request, *args, **kwargs)
    return TemplateResponse(request, page.get_landing_template(request), context)
