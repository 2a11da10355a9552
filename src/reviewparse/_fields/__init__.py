"""Reading credit values: keys, names, years, running times, people (no records)."""
