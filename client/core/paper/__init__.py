"""Print forms without an office suite: a form's layout described once (layout.py), written as a PDF by
ReportLab (pdf.py) or as the Word template an office edits (word.py); the payment QR and names in the right case."""
