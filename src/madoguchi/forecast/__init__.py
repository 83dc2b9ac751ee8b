"""The renewal wave: the counter's load forecast from the register, measured
minutes per procedure, and the capacity plan (docs/forecast.md, ADR 0018)."""
