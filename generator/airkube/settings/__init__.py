"""What the user wrote and whether it holds: loading (loader), the schema and its checker (schema),
defaults, cross-field rules (rules/), and the problems found (check, result)."""
