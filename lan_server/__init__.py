"""The office server: shared database, sync hub, discovery, users, backups and document numbers."""

__version__ = "0.1.0"
