"""Records in the formats other programs speak (vCard, iCalendar): shared by the server's CardDAV/CalDAV and the
PC's export, pure functions with no sockets, no database and no Qt."""
