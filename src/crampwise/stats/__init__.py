"""Statistics: numbers only (the daily table, one factor at a time, the model, filters)."""
