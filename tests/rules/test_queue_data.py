"""queue.yaml is checked on load: each mistake is named with the file, the key and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from madoguchi.rules.errors import DataError
from madoguchi.rules.loader import DATA_ROOT
from madoguchi.rules.queue_data import load_queue_data


def _city_with(tmp_path: Path, change) -> str:
    city = tmp_path / "testcity"
    shutil.copytree(DATA_ROOT / "koganei", city)
    data = yaml.safe_load((city / "queue.yaml").read_text(encoding="utf-8"))
    change(data)
    (city / "queue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(city)


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["groups"][0].update(letter="O"), "no I, O or Q"),
    (lambda d: d["groups"][1].update(letter="A"), "used by another group"),
    (lambda d: d["groups"][0]["procedures"].append("card-pickup"), "card-pickup is already in group A"),
    (lambda d: d["groups"][0]["procedures"].append("no-such"), "unknown procedure"),
    (lambda d: d["minutes"].pop("card-pickup"), "lacks the typical minutes of card-pickup"),
    (lambda d: d["windows"][0].update(office="elsewhere"), "unknown office"),
    (lambda d: d["windows"].append(dict(d["windows"][0])), "listed twice"),
    (lambda d: d["settings"].update(late_minutes=-1), "at least 0"),
    (lambda d: d["settings"].update(colour="blue"), "unknown key"),
])
def test_mistakes_are_reported(tmp_path, change, problem):
    with pytest.raises(DataError) as e:
        load_queue_data(_city_with(tmp_path, change))
    assert problem in str(e.value) and "queue.yaml" in str(e.value)
