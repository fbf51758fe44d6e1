"""`python -m specpress.diff.rules > docs/diff-rules.md`: print the generated rules document."""

from specpress.diff.rules.docs import render_rules_markdown

print(render_rules_markdown(), end="")
