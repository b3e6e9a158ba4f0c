"""The student's keys file: read, checked with clear messages, and used by the app."""

from __future__ import annotations

import pytest

from histtui.app import binding_ids
from histtui.cli import main
from histtui.keymap import KeymapError, load_keymap


def test_no_file_means_the_usual_keys(tmp_path):
    assert load_keymap(tmp_path / "keys.toml", binding_ids()) == {}


def test_a_keymap_maps_binding_ids_to_keys(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"reader.next" = "n, right"\n', encoding="utf-8")
    assert load_keymap(path, binding_ids()) == {"reader.next": "n,right"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[keys\n", "is not valid TOML: Expected ']' at the end of a table declaration"),
        ('[keys]\n"reader.nxt" = "n"\n', "unknown key id 'reader.nxt'"),
        ('[keys]\n"reader.next" = 3\n', "give the keys as a string"),
        ('keys = "n"\n', "keys must be a table"),
        ('[colours]\n"a" = "b"\n', "unknown setting 'colours'"),
    ],
)
def test_a_bad_file_says_what_is_wrong(tmp_path, text, says):
    path = tmp_path / "keys.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KeymapError, match=says.replace("[", r"\[")):
        load_keymap(path, binding_ids())


def test_check_config(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["check-config"]) == 0
    assert "reader.next" in capsys.readouterr().out
    (tmp_path / "histtui").mkdir()
    (tmp_path / "histtui" / "keys.toml").write_text('[keys]\n"x" = "y"\n', encoding="utf-8")
    assert main(["check-config"]) == 1
    assert "unknown key id 'x'" in capsys.readouterr().err


async def test_the_app_uses_the_keymap_and_says_when_it_cannot(make_app, tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"reader.bookmark" = "B"\n', encoding="utf-8")
    app = make_app()
    app.keymap_file = path
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "B")
        topic = app.screen.topic
        assert app.session.progress.is_bookmarked(topic.id)
    path.write_text("[keys\n", encoding="utf-8")
    said: list[str] = []
    app = make_app()
    app.keymap_file = path
    app.notify = lambda message, **kwargs: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any(f"{path} is not valid TOML: " in message for message in said)


async def test_without_a_keys_file_no_screen_is_imported_to_list_ids(
    make_app, tmp_path, monkeypatch
):
    """Most students have no keys file: the start does not gather every binding id."""

    def gathered() -> dict[str, str]:
        raise AssertionError("binding ids gathered without a keys file")

    monkeypatch.setattr("histtui.app.binding_ids", gathered)
    app = make_app()
    app.keymap_file = tmp_path / "keys.toml"
    async with app.run_test() as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "OverviewScreen"
