"""The two paste dialogs: sign-in Location and curl command, driven through pytest-qt."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from mct_desktop.core.portal import Portal
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.console.curl_dialog import CurlImportDialog
from mct_desktop.ui.paste_dialog import PasteLocationDialog
from tests.support import sign_in_over_http

PORTAL = Portal("https://contoso.azurefd.net")


def _click(dialog, button):
    dialog.findChild(QDialogButtonBox).button(button).click()


def _cleared(dialog) -> bool:
    # Gone from the box and from its undo history: nothing there to bring the secret back.
    return dialog.text.toPlainText() == "" and not dialog.text.document().isUndoAvailable()


@pytest.mark.parametrize(
    "copied",
    [
        "{location}",  # DevTools: the Callback's location value, relative as real portals send
        "location: {location}",  # the whole response header line
        "Location:\t{location}\n",
        "{url}{location}",  # the Redirect request's full URL, fragment included
    ],
)
def test_paste_dialog_takes_what_devtools_shows(qtbot, demo, copied):
    location = sign_in_over_http(demo)
    assert location.startswith("/ExternalAuthentication/Redirect#access_token=")
    dialog = PasteLocationDialog(Portal(demo.url))
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(copied.format(location=location, url=demo.url))
    _click(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.error.text() == ""
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.pair == TokenPair(*demo.issued[-2:])
    assert _cleared(dialog)


def test_paste_dialog_guide_names_the_real_requests_and_devtools_steps(qtbot):
    dialog = PasteLocationDialog(PORTAL)
    qtbot.addWidget(dialog)
    guide = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for words in [
        "Chrome",
        "Edge",
        "F12",
        "Network",
        "Preserve log",
        "<code>Callback</code>",
        "Headers",
        "Response Headers",
        "<code>location</code>",
        "<code>Redirect</code>",
        "Request URL",
        "#access_token=",
        PORTAL.login_url,
    ]:
        assert words in guide, words


def test_a_bad_paste_stays_to_be_fixed_and_masks_the_error(qtbot):
    dialog = PasteLocationDialog(PORTAL)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("/ExternalAuthentication/Redirect#refresh_token=zzzzzzzzzzzzzzzzzz")
    _click(dialog, QDialogButtonBox.StandardButton.Ok)
    assert "no access token" in dialog.error.text() and "zzzzzz" not in dialog.error.text()
    assert dialog.pair is None
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "zzzzzz" in dialog.text.toPlainText()  # kept so the user can correct it


@pytest.mark.parametrize(
    "make", [lambda: PasteLocationDialog(PORTAL), CurlImportDialog], ids=["location", "curl"]
)
@pytest.mark.parametrize("how", ["cancel", "escape", "close"])
def test_cancelling_clears_the_pasted_text(qtbot, make, how):
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText("curl https://x -H 'Authorization: Bearer secret.looking.token'")
    if how == "cancel":
        _click(dialog, QDialogButtonBox.StandardButton.Cancel)
    elif how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert _cleared(dialog)


def test_curl_dialog_parses_clears_or_says_why(qtbot):
    dialog = CurlImportDialog()
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("curl --bogus-option")
    _click(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.error.text() and dialog.result_import is None
    assert dialog.text.toPlainText() == "curl --bogus-option"
    dialog.text.setPlainText(
        "curl 'https://contoso.azurefd.net/api/v2/Profile' -H 'Authorization: Bearer ey.x.y'"
    )
    _click(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_import is not None
    assert dialog.result_import.request.target.endswith("/api/v2/Profile")
    assert _cleared(dialog)
