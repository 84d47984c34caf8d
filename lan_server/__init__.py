"""The office server: shared database, sync hub, discovery, users, backups and document numbers."""


def __getattr__(name: str) -> str:
    # The release, read from the installed package's metadata when first asked (the one place is setup.cfg; a
    # frozen build copies its metadata): importlib.metadata costs every program's start ~25-75 ms otherwise.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version
    try:
        found = version("lan-organizer")
    except PackageNotFoundError:  # running from a folder that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
