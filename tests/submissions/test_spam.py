"""The honeypot and the signed minimum-fill-time token: plain Python, no database."""

import base64
import json

from wagtail_integration.submissions.spam import (
    TokenProblem,
    check_token,
    honeypot_filled,
    make_token,
    token_digest,
)

ISSUED = 1_800_000_000  # a fixed moment, so that no test depends on the clock


def check(token, form_key=7, now=ISSUED + 60):
    return check_token(token, form_key, min_seconds=3, max_age_seconds=3600, now=now)


def test_a_token_of_this_form_sent_after_the_minimum_time_is_good():
    assert check(make_token(7, now=ISSUED)) is None


def test_a_token_sent_before_the_minimum_fill_time_is_too_fast():
    assert check(make_token(7, now=ISSUED), now=ISSUED + 2) == TokenProblem.TOO_FAST


def test_a_token_sent_exactly_at_the_minimum_fill_time_is_good():
    assert check(make_token(7, now=ISSUED), now=ISSUED + 3) is None


def test_a_token_older_than_the_maximum_age_has_expired():
    assert check(make_token(7, now=ISSUED), now=ISSUED + 3601) == TokenProblem.EXPIRED


def test_a_token_made_for_another_form_is_invalid():
    assert check(make_token(8, now=ISSUED)) == TokenProblem.INVALID


def test_a_tampered_token_is_invalid():
    token = make_token(7, now=ISSUED)
    value, signature = token.rsplit(":", 1)
    tampered = f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    assert check(tampered) == TokenProblem.INVALID


def test_a_token_with_a_forged_issue_time_is_invalid():
    # A script that rewrites the time in the payload to look patient breaks the signature.
    payload, rest = make_token(7, now=ISSUED).split(":", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["t"] -= 60  # would pass the fill-time check, were it believed
    forged = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    assert check(f"{forged.decode().rstrip('=')}:{rest}", now=ISSUED + 1) == TokenProblem.INVALID


def test_a_token_signed_with_another_secret_key_is_invalid(settings):
    token = make_token(7, now=ISSUED)
    settings.SECRET_KEY = "another-secret-key-for-this-test"  # noqa: S105
    assert check(token) == TokenProblem.INVALID


def test_a_missing_token_is_missing():
    assert check("") == TokenProblem.MISSING
    assert check(None) == TokenProblem.MISSING


def test_a_honeypot_with_text_is_filled():
    assert honeypot_filled("http://spam.example")


def test_an_empty_or_blank_honeypot_is_not_filled():
    assert not honeypot_filled("")
    assert not honeypot_filled("   ")
    assert not honeypot_filled(None)


def test_two_tokens_handed_out_in_the_same_second_differ():
    # A token names one sending of the form: two people must never share one.
    assert make_token(7, now=ISSUED) != make_token(7, now=ISSUED)
    assert token_digest(make_token(7, now=ISSUED)) != token_digest(make_token(7, now=ISSUED))


def test_a_token_issued_before_tokens_had_a_nonce_is_still_good():
    from django.core import signing

    old = signing.dumps(
        {"f": "7", "t": ISSUED}, salt="wagtail_integration.submissions.form-token", compress=False
    )
    assert check(old) is None
