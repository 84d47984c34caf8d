"""Entry of OrganizerServer.exe (a console program): the office server's commands, and the Windows service."""

import sys

from lan_server.__main__ import main

sys.exit(main())
