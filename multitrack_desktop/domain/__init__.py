"""Plain values and rules of a workshop; imports nothing of Qt or SQL."""
