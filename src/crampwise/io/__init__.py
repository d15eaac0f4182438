"""Reading and writing files: CSV import, export, the data-format doc, the sample.

The import is split by step: ``result`` (what an import gives back and the
limits it quotes), ``encoding`` (bytes, encodings, the header line), ``frame``
(the data rows as text), ``headers`` (columns matched), ``values`` and
``dates`` (cells checked and converted), ``problems`` (refusals collected and
worded) and ``reader`` (:func:`read_file`, which runs them in order).

The names most callers need are re-exported here, so ``from crampwise.io import
read_file`` keeps working however the modules inside are arranged.
"""

from crampwise.io.encoding import read_headers
from crampwise.io.reader import read_file
from crampwise.io.result import (
    FORMULA_PREFIXES,
    MAX_COLUMNS,
    MAX_REFUSED_ROWS,
    MAX_UPLOAD_MB,
    DateOrder,
    ImportResult,
)

__all__ = [
    "FORMULA_PREFIXES",
    "MAX_COLUMNS",
    "MAX_REFUSED_ROWS",
    "MAX_UPLOAD_MB",
    "DateOrder",
    "ImportResult",
    "read_file",
    "read_headers",
]
