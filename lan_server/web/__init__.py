"""The web port: the browser pages and the routes CardDAV/CalDAV mount, served in the sync hub's own event loop."""
