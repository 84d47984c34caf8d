"""Import and export: readers and writers of spreadsheets and documents, mapping, cleaning, the import runner."""
