"""Templates compiled by one process are kept for the next, so a server starts without compiling them all again;
a cache folder that cannot be used costs only time, never a page."""

import logging

from jinja2 import FileSystemLoader

from casereview.workspace.jinja import environment


def templates(tmp_path, text: str) -> FileSystemLoader:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(text)
    return FileSystemLoader(str(folder))


def test_a_template_compiled_once_is_read_back_by_the_next_process_and_compiled_again_when_edited(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(tmp_path / "cache"))
    loader = templates(tmp_path, "Hello {{ name }}")
    assert environment(loader=loader, autoescape=True).get_template("page.html").render(name="Amina") == "Hello Amina"
    kept = list((tmp_path / "cache" / "templates").iterdir())
    assert len(kept) == 1

    compiled = []
    later = environment(loader=loader, autoescape=True)
    later.compile = lambda *args, **kwargs: compiled.append(args) or type(later).compile(later, *args, **kwargs)
    assert later.get_template("page.html").render(name="Bea") == "Hello Bea"
    assert compiled == []  # read from the cache

    templates(tmp_path, "Goodbye {{ name }}")
    edited = environment(loader=loader, autoescape=True)
    assert edited.get_template("page.html").render(name="Bea") == "Goodbye Bea"


def test_a_cache_folder_that_cannot_be_used_only_costs_time(tmp_path, monkeypatch, caplog):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the folder should be")
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(not_a_folder))
    env = environment(loader=templates(tmp_path, "Hello {{ name }}"), autoescape=True)

    with caplog.at_level(logging.WARNING):
        assert env.get_template("page.html").render(name="Amina") == "Hello Amina"
    assert "Cannot keep compiled templates" in caplog.text
