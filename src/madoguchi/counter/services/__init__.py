"""The counter's services: one module per topic, one function per action.

Each action opens one transaction, locks the card, asks the rules
(madoguchi.rules.lifecycle) whether and how the card changes, stores the
answer, records the case and the audit entry, and returns the result. Views,
the API and commands only call these.
"""
