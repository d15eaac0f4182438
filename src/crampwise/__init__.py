"""Crampwise: a plain-language guide to muscle spasms and a private tracker.

The library works without Streamlit: the app's pages, the command line
(``python -m crampwise``) and notebooks all call it.
"""

from crampwise.errors import CrampwiseError
from crampwise.io.importer import ImportResult, read_file

__all__ = ["CrampwiseError", "ImportResult", "read_file"]
__version__ = "0.1.0"
