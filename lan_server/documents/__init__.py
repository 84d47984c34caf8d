"""Print forms without an office suite, shared by the server (the browser's PDFs) and the PCs: a form's layout
described once (layout.py, sheets.py), written as a PDF by ReportLab with a bundled Cyrillic font (pdf.py) or as
the Word template an office edits (word.py), filled from records by forms.py; the payment QR and names in the
right case. Nothing here imports Qt or client code."""
