"""Independent plain-Python evaluators that re-check every solver answer."""
