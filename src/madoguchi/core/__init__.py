"""The kernel every app uses and none presents: the client address, problems
(errors), input cleaning, and (as they move here) the clock, the city, the
message catalog and roles. It may use Django; it never imports an app, and
`rules/` never imports it (docs/architecture.md)."""
