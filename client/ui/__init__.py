"""The PyQt6 window. Only client/ui/qt.py imports PyQt6; every other module imports from it."""
