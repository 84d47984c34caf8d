"""`python -m client`: window options with a space before their value open the window, words run commands."""

from __future__ import annotations

from client.__main__ import is_command


def test_window_options_take_their_value_after_a_space() -> None:
    for window in ([], ["--lang", "ru"], ["--discovery-interface", "127.0.0.1"], ["--profile", "pc", "--lang", "en"],
                   ["--lang=ru"], ["-platform", "offscreen"]):
        assert not is_command(window), window
    for command in (["list", "contact"], ["--profile", "pc", "sync"], ["--lang", "ru", "status"], ["--help"],
                    ["--version"]):
        assert is_command(command), command
