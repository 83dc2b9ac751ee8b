"""Benchmarks: `make bench B=<name>` or `.venv/bin/python -m bench <name> [options]`.

Each benchmark is a module here with `main(argv) -> int`; it prints the machine
and its figures, each as a ratio against a baseline measured in the same run.
"""
