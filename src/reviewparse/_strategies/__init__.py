"""The pieces behind ``reviewparse.strategies`` (public there, private here)."""
