import pytest

from terreau.accounts import throttling
from terreau.accounts.throttling import Throttle


@pytest.fixture
def clock(monkeypatch, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_SECONDS = 600
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(throttling, "clock", lambda: now["t"])
    return now


def test_a_key_is_blocked_once_it_reaches_the_limit(clock):
    throttle = Throttle("test")
    for _ in range(2):
        throttle.record("someone@example.org")
    assert not throttle.is_blocked("someone@example.org")
    throttle.record("someone@example.org")
    assert throttle.is_blocked("someone@example.org")


def test_keys_are_counted_separately_and_any_blocked_key_blocks(clock):
    throttle = Throttle("test")
    for _ in range(3):
        throttle.record("a@example.org", "10.0.0.1")
    assert throttle.is_blocked("b@example.org", "10.0.0.1")
    assert throttle.is_blocked("a@example.org", "10.0.0.2")
    assert not throttle.is_blocked("b@example.org", "10.0.0.2")


def test_scopes_do_not_share_counters(clock):
    for _ in range(3):
        Throttle("login").record("a@example.org")
    assert not Throttle("signup").is_blocked("a@example.org")


def test_keys_ignore_case_and_surrounding_spaces(clock):
    throttle = Throttle("test")
    for key in ["A@Example.org", " a@example.org", "a@EXAMPLE.ORG "]:
        throttle.record(key)
    assert throttle.is_blocked("a@example.org")


def test_the_block_lifts_when_the_window_started_by_the_first_attempt_passes(clock):
    throttle = Throttle("test")
    throttle.record("a@example.org")
    clock["t"] += 300
    throttle.record("a@example.org")
    throttle.record("a@example.org")
    assert throttle.retry_after("a@example.org") == 300
    clock["t"] += 299
    assert throttle.is_blocked("a@example.org")
    clock["t"] += 1
    assert not throttle.is_blocked("a@example.org")


def test_a_new_window_starts_from_zero(clock):
    throttle = Throttle("test")
    for _ in range(3):
        throttle.record("a@example.org")
    clock["t"] += 600
    throttle.record("a@example.org")
    assert not throttle.is_blocked("a@example.org")


def test_reset_forgets_the_attempts_of_a_key(clock):
    throttle = Throttle("test")
    for _ in range(3):
        throttle.record("a@example.org", "10.0.0.1")
    throttle.reset("a@example.org")
    assert not throttle.is_blocked("a@example.org")
    assert throttle.is_blocked("10.0.0.1")


def test_empty_keys_are_ignored(clock):
    throttle = Throttle("test")
    for _ in range(5):
        throttle.record("", "a@example.org")
    assert not throttle.is_blocked("")
    assert throttle.retry_after("") == 0
