"""Reading and writing files: CSV import, export, the data-format doc, the sample."""
