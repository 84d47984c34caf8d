"""The systemd unit runs the real server command with a clean stop signal."""

from __future__ import annotations

import configparser
import shlex

from lan_server.__main__ import build_parser
from tests.servers import ROOT


def test_unit_starts_the_server_command_that_exists() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(ROOT / "installers" / "organizer-server.service")
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[1:3] == ["-m", "lan_server"]
    args = build_parser().parse_args(argv[3:])  # the same words the server accepts
    assert args.command == "serve" and args.port == 7755
    assert service["KillSignal"] == "SIGTERM" and service["Restart"] == "on-failure"
    assert int(service["LimitNOFILE"]) >= 4096  # one open connection per office PC, and files besides
