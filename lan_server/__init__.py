"""The office server: shared database, sync hub, discovery, users, backups and document numbers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lan-organizer")  # the one place is setup.cfg; a frozen build copies its metadata
except PackageNotFoundError:  # running from a folder that was never installed
    __version__ = "0+unknown"
