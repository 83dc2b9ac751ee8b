"""The WSGI module each `madoguchi serve` worker loads."""

import importlib
import sys


def test_a_worker_hands_the_interpreter_over_as_the_setting_says(settings):
    """A booking holds the audit chain's lock until it commits: a thread that waits
    Python's default 5 ms for the interpreter holds every other booking back that long."""
    kept = sys.getswitchinterval()
    settings.MADOGUCHI_SWITCH_INTERVAL = 0.002
    try:
        import madoguchi.wsgi

        importlib.reload(madoguchi.wsgi)
        assert abs(sys.getswitchinterval() - 0.002) < 1e-9
    finally:
        sys.setswitchinterval(kept)


def test_the_default_is_shorter_than_pythons():
    from django.conf import settings

    assert settings.MADOGUCHI_SWITCH_INTERVAL < 0.005
