"""National assessment methods as data: thresholds, formulas and citations (no Django, no engine)."""
