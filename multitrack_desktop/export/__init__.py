"""Exports made for an audience: the PDF summary (``pdf.py``) and the drawing and text helpers it uses."""
