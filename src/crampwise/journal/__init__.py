"""Storage: the journal database, edits and undo, migrations, privacy modes."""
