"""Keys the official chart never had (chart/files/refused-keys.yaml): helm refuses each, naming the key and
what to write instead, in the table's words. One render per helm version holds every key at once."""
import pytest
import yaml
from support.render import CHART, HELMS, helm_template

TABLE = yaml.safe_load((CHART / "files" / "refused-keys.yaml").read_text())


def _values_with_every_key() -> dict:
    values: dict = {}
    for path in TABLE:
        *parents, key = path.split(".")
        node = values
        for parent in parents:
            node = node.setdefault(parent, {})
        node[key] = {"x": 1}
    return values


@pytest.mark.parametrize("helm", HELMS)
def test_each_key_is_refused_naming_its_replacement(helm, tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump(_values_with_every_key()))
    run = helm_template("-f", str(values), helm=helm)
    assert run.returncode != 0
    lines = set(run.stderr.splitlines())
    assert [path for path, why in TABLE.items() if f"{path}: {why}" not in lines] == [], run.stderr


def test_the_table_names_a_replacement_for_each_key():
    assert len(TABLE) >= 15
    assert all(len(why) > 40 for why in TABLE.values())


@pytest.mark.parametrize("helm", HELMS)
def test_the_celery_workers_overrides_take_none_of_them(helm):
    """workers.celery overrides workers.* key by key; a key refused under workers is not one of its keys."""
    run = helm_template("--set", "workers.celery.enabled=true", helm=helm)
    assert run.returncode != 0 and "enabled" in run.stderr


@pytest.mark.parametrize("helm", HELMS)
def test_inline_keys_left_null_or_empty_are_not_inline(helm, tmp_path):
    """The official chart's defaults (fernetKey: ~ in a full copy of its values.yaml) put nothing inline."""
    values = tmp_path / "values.yaml"
    values.write_text("fernetKey: null\nwebserverSecretKey: ~\napiSecretKey: ''\njwtSecret: null\n")
    assert helm_template("-f", str(values), helm=helm).returncode == 0
    refused = helm_template("--set", "fernetKey=abc", helm=helm)
    assert refused.returncode != 0 and "fernetKey: inline keys land in rendered manifests" in refused.stderr
