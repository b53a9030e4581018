"""The catalog list (issue 13, item 15): summaries, the match count, a method word, a new
spec's docs, and a typed body that is not thrown away without asking."""

import json

from PySide6.QtWidgets import QMessageBox

from tests.ui.test_catalog import console  # noqa: F401 (the fixture)


def _op(widget, method, path):
    return next(
        o for o in widget.catalog.catalog.operations if o.method == method and o.path == path
    )


def test_the_list_shows_summaries_and_how_many_match(qtbot, console):  # noqa: F811
    catalog = console.catalog
    catalog.filter.setText("category post")
    first = catalog.model.index(0)
    assert "Create a category" in first.data()
    text = catalog.matches.text()
    assert catalog.matches.isVisible() and text.endswith("of 244 operations match")
    catalog.filter.setText("profile role")
    count = catalog.model.rowCount()
    plural = "matches" if count == 1 else "match"
    assert catalog.matches.text() == f"{count} of 244 operations {plural}"
    catalog.filter.setText("zzzzqqq")
    assert catalog.matches.text() == "0 of 244 operations match"
    assert catalog.docs.toPlainText() == ""
    catalog.filter.setText("")
    assert catalog.matches.isHidden()
    tree_item = catalog.tree.topLevelItem(0).child(0).child(0)
    operation = tree_item.data(0, 256)
    assert operation.summary and operation.summary in tree_item.text(0)


def test_a_leading_method_word_lists_only_that_method(qtbot, console):  # noqa: F811
    console.catalog.filter.setText("get users")
    methods = {o.method for o in console.catalog.model.operations}
    assert methods == {"GET"}
    assert "users" in console.catalog.model.operations[0].path.lower()


def test_a_new_spec_does_not_keep_the_previous_docs(qtbot, console, tmp_path):  # noqa: F811
    catalog = console.catalog
    catalog.filter.setText("category post")
    assert "Create a category" in catalog.docs.toPlainText()
    spec = tmp_path / "pets.json"
    paths = {"/pets": {"get": {"summary": "List pets", "responses": {}}}}
    spec.write_text(json.dumps({"openapi": "3.0.0", "info": {"version": "9"}, "paths": paths}))
    catalog.filter.setText("")
    console.specs.load_from(str(spec))
    qtbot.waitUntil(lambda: len(catalog.catalog.operations) == 1, timeout=5000)
    assert "Create a category" not in catalog.docs.toPlainText()
    assert catalog.model.operations == []
    assert catalog.status.text().startswith("1 operation from")


def test_choosing_an_operation_asks_before_replacing_a_typed_body(
    qtbot,
    console,  # noqa: F811
    monkeypatch,
):
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[1])
            return choice

        monkeypatch.setattr(QMessageBox, "question", question)

    answer(QMessageBox.StandardButton.No)
    post = _op(console, "POST", "/api/v2/Category")
    console.use_operation(post)
    assert asked == []  # an empty body: nothing to lose
    other = _op(console, "GET", "/api/v2/Profile")
    console.use_operation(other)
    assert asked == []  # the body the catalog filled in, untouched
    console.use_operation(post)
    console.editor.body_text.setPlainText('{"name": "Typed by hand"}')
    console.use_operation(other)
    assert asked == ["Replace the request body?"]
    assert console.editor.body_text.toPlainText() == '{"name": "Typed by hand"}'
    assert console.operation is post and console.editor.method.currentText() == "POST"
    answer(QMessageBox.StandardButton.Yes)
    console.use_operation(other)
    assert console.operation is other and console.editor.method.currentText() == "GET"
