"""Reading and writing files: CSV import, export, the data-format doc, the sample.

The names most callers need are re-exported here, so ``from crampwise.io import
read_file`` keeps working however the modules inside are arranged.
"""

from crampwise.io.importer import ImportResult, read_file

__all__ = ["ImportResult", "read_file"]
