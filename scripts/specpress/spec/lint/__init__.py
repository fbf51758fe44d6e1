"""`specpress lint`: see `specpress.spec.lint.check` (the entry point `lint_document`)."""
