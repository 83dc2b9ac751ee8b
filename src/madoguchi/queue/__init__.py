"""The line at the counter: numbered tickets, the clerks' calls, live screens and waits.

(The package is `madoguchi.queue`: imports are absolute, so it never shadows
the standard library's `queue`; tests/queue/test_models.py checks that.)
"""
