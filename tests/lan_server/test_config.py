"""The server's folder: its settings, its companies, a company named by key, name or a part only one has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lan_server.config import Company, SetupError, company_key, load_config, pick_company


def test_a_folder_that_is_no_server_is_said_so(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="init"):
        load_config(tmp_path)
    (tmp_path / "server.json").write_text(json.dumps({"name": "ООО Ромашка"}), encoding="utf-8")
    assert load_config(tmp_path)["name"] == "ООО Ромашка"


def test_companies_are_named_by_key_name_or_a_part_only_one_has(tmp_path: Path) -> None:
    assert company_key("ООО «Ромашка» и К°") == "ооо-ромашка-и-к"
    with pytest.raises(SetupError):
        company_key("«»")
    found = [Company("", "ООО Ромашка", tmp_path), Company("lutik", "ИП Лютик", tmp_path / "lutik"),
             Company("lotos", "ООО Лотос", tmp_path / "lotos")]
    assert pick_company(found, None) is found[0]
    assert pick_company(found, "LUTIK") is found[1] and pick_company(found, "ип лютик") is found[1]
    assert pick_company(found, "лот") is found[2]
    with pytest.raises(SetupError, match="no company") as refused:
        pick_company(found, "ооо")  # two have it: no guess
    assert refused.value.args[0].code == "no_company"  # said in the user's language from its code
