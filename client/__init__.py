"""The office organizer client: a Qt-free core and a PyQt6 window on top of it."""
