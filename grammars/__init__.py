"""The page grammar, shipped as package data (see grammars/ at the top of the repository)."""
