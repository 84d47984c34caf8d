"""Finding the server by zeroconf: on loopback, and across two private network namespaces joined by veth."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from client.core.discovery import browse
from tests.servers import ROOT, ServerProcess, env


def test_found_on_loopback(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv", discovery=True).start()
    try:
        found = browse(5.0, interfaces=["127.0.0.1"])
    finally:
        server.kill()
    mine = [s for s in found if s.port == server.port]
    assert mine, found
    assert mine[0].host == "127.0.0.1" and mine[0].fingerprint == server.fingerprint
    assert mine[0].name == "Test office"


def test_not_announced_with_no_discovery(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv", discovery=False).start()
    try:
        found = browse(1.5, interfaces=["127.0.0.1"])
    finally:
        server.kill()
    assert all(s.port != server.port for s in found)


def _netns_usable() -> str | None:
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is not installed"
    if os.geteuid() != 0:
        return "creating network namespaces needs root"
    probe = f"organizer-probe-{os.getpid()}"
    r = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if r.returncode != 0:
        return f"ip netns is not permitted here: {r.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


@pytest.fixture
def two_hosts() -> Iterator[tuple[str, str]]:
    """Namespaces `srv` (10.213.7.1) and `cli` (10.213.7.2) on a private veth link; removed afterwards."""
    reason = _netns_usable()
    if reason:
        pytest.skip(reason)
    tag = os.getpid() % 100000
    srv, cli = f"org-srv-{tag}", f"org-cli-{tag}"
    cmds = [
        ["ip", "netns", "add", srv], ["ip", "netns", "add", cli],
        ["ip", "link", "add", f"vs{tag}", "type", "veth", "peer", "name", f"vc{tag}"],
        ["ip", "link", "set", f"vs{tag}", "netns", srv], ["ip", "link", "set", f"vc{tag}", "netns", cli],
        ["ip", "-n", srv, "addr", "add", "10.213.7.1/24", "dev", f"vs{tag}"],
        ["ip", "-n", cli, "addr", "add", "10.213.7.2/24", "dev", f"vc{tag}"],
        ["ip", "-n", srv, "link", "set", f"vs{tag}", "up", "multicast", "on"],
        ["ip", "-n", cli, "link", "set", f"vc{tag}", "up", "multicast", "on"],
        ["ip", "-n", srv, "link", "set", "lo", "up"], ["ip", "-n", cli, "link", "set", "lo", "up"],
    ]
    try:
        for cmd in cmds:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            if r.returncode != 0:
                pytest.skip(f"cannot build the test network ({' '.join(cmd)}): {r.stderr.strip()}")
        yield srv, cli
    finally:
        for ns in (srv, cli):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)


@pytest.mark.netns
def test_found_across_two_namespaces(two_hosts: tuple[str, str], tmp_path: Path) -> None:
    srv_ns, cli_ns = two_hosts
    data = tmp_path / "srv"
    ServerProcess(data)  # copies an initialized server folder
    proc = subprocess.Popen(["ip", "netns", "exec", srv_ns, sys.executable, "-m", "lan_server", "serve", str(data),
                             "--host", "10.213.7.1", "--port", "0", "--discovery-interface", "10.213.7.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("listening on 10.213.7.1:"), line + (proc.stderr.read() if proc.stderr else "")
        port = line.strip().rsplit(":", 1)[1]
        found = subprocess.run(["ip", "netns", "exec", cli_ns, sys.executable, "-m", "client", "--profile",
                                str(tmp_path / "p"), "servers", "--interface", "10.213.7.2", "--timeout", "6"],
                               capture_output=True, text=True, env=env(), cwd=ROOT, timeout=60)
        assert f"10.213.7.1:{port}\tTest office\tSHA256:" in found.stdout, found.stdout + found.stderr
        # And the found address really works from the other host: log in over the veth link.
        login = subprocess.run(["ip", "netns", "exec", cli_ns, sys.executable, "-m", "client", "--profile",
                                str(tmp_path / "p"), "login", f"10.213.7.1:{port}", "--user", "admin",
                                "--password", "admin-pass-1"], capture_output=True, text=True, env=env(), cwd=ROOT,
                               timeout=60)
        assert login.returncode == 0, login.stderr
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
