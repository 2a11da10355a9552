"""The parsing core: grammar, records, parse, render, edit (the bottom layer)."""
