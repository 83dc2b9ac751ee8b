"""Importing residents and their cards from the city's current system (CSV)."""
