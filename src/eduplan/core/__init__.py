"""Pure analytics: census tables and a standard in, result objects out (no Django, no engine imports)."""
