# The two commands: `make run` (the system on SQLite with Koganei's data and
# demo data, at http://127.0.0.1:8000/) and `make test` (every test).
.PHONY: run test test-postgres setup bench

setup:
	scripts/setup

run: setup
	.venv/bin/madoguchi run

test:
	scripts/test

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/madoguchi} scripts/test

# make bench B=guide (or booking, notices, import)
bench: setup
	.venv/bin/python -m bench $(B)
