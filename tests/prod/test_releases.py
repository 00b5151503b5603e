from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from devenv.errors import DevenvError
from devenv.prod.releases import (
    DirStore,
    Gate,
    Release,
    current,
    from_json,
    mirror,
    next_number,
    rollback_target,
    table,
)

DIGEST = "sha256:" + "a" * 64


def release(number: int, tag: str = "v1", outcome: str = "deployed", **kw: object) -> Release:
    image = kw.pop("image", f"reg/app/web:{tag}@sha256:{str(number) * 64}")
    fields: dict[str, object] = {
        "number": number,
        "kind": "promote",
        "tag": tag,
        "images": {"web": image},
        "config_hash": "sha256:c",
        "stack": "services: {}\n",
        "who": "ann@box",
        "when": f"2026-01-0{number % 10}T00:00:00Z",
        "outcome": outcome,
        **kw,
    }
    return Release(**fields)  # type: ignore[arg-type]


def test_json_round_trip() -> None:
    r = release(3, gates=(Gate("lint", True, "clean"), Gate("ntp", True, "skipped")))
    assert from_json(r.to_json(), "x") == r
    assert r.digests == {"web": "sha256:" + "3" * 64}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "x: unreadable release record"),
        ('{"format": 99}', "unknown record format"),
        ('{"format": 1, "number": 1}', "missing"),
        ("[]", "unreadable release record"),
    ],
)
def test_bad_record_is_an_error_naming_it(text: str, message: str) -> None:
    with pytest.raises(DevenvError, match=message):
        from_json(text, "x")


def test_next_number_and_current() -> None:
    assert next_number([]) == 1
    history = [release(1), release(2, "v2"), release(3, "v3", "failed")]
    assert next_number(history) == 4
    assert current(history) == history[1]  # the failed promote put release 2 back
    assert current([release(1, outcome="failed")]) is None


def test_rollback_default_is_the_release_before_the_current_one() -> None:
    history = [release(1), release(2, "v2"), release(3, "v3", "failed")]
    assert rollback_target(history, None).number == 1


def test_rollback_of_a_rollback_does_not_stand_still() -> None:
    one = release(1)
    back = replace(one, number=3, kind="rollback", rollback_of=1)
    history = [one, release(2, "v2"), back]
    assert rollback_target(history, None).number == 2


def test_rollback_to_number_or_tag() -> None:
    history = [release(1), release(2, "v2"), release(3, "v3")]
    assert rollback_target(history, "1").number == 1
    assert rollback_target(history, "v2").number == 2


@pytest.mark.parametrize(
    ("history", "to", "message"),
    [
        ([], None, "no deployed release to roll back from"),
        ([release(1)], None, "release 1 is the only one deployed"),
        ([release(1)], "7", "no release '7'"),
        ([release(1), release(2, "v2", "failed")], "v2", "release v2 failed"),
    ],
)
def test_rollback_errors(history: list[Release], to: str | None, message: str) -> None:
    with pytest.raises(DevenvError, match=message):
        rollback_target(history, to)


def test_dir_store_skips_temporary_files(tmp_path: Path) -> None:
    store = DirStore(tmp_path / "r")
    assert store.list() == []
    store.add(release(2))
    store.add(release(1))
    (tmp_path / "r" / ".3.json.abc.tmp").write_text("{half")
    (tmp_path / "r" / "notes.json").write_text("{}")
    assert [r.number for r in store.list()] == [1, 2]


def test_mirror_rewrites_only_what_changed(tmp_path: Path) -> None:
    mirror(tmp_path, [release(1), release(2)])
    first = (tmp_path / "1.json").stat().st_mtime_ns
    (tmp_path / "2.json").write_text("stale")
    mirror(tmp_path, [release(1), release(2)])
    assert (tmp_path / "1.json").stat().st_mtime_ns == first
    assert from_json((tmp_path / "2.json").read_text(), "2") == release(2)


def test_table_marks_the_current_release() -> None:
    failed = release(3, "v3", "failed", detail="service web: task failed: unhealthy\nmore")
    text = table([release(1), release(2, "v2"), failed])
    lines = text.splitlines()
    assert lines[0].split() == ["#", "WHEN", "TAG", "KIND", "OUTCOME", "WHO"]
    assert lines[1].split()[:2] == ["3", "2026-01-03T00:00:00Z"]
    assert "failed: service web: task failed: unhealthy" in lines[1]
    assert "more" not in text
    assert lines[2].startswith("*  2")
