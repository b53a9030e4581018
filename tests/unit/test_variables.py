"""`{{variables}}`, the path/query split and the tabs in ui-state (issue 13 items 1, 26, 27)."""

import json
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.api.request import (
    ApiRequest,
    BodyKind,
    RequestError,
    join_target,
    split_target,
)
from mct_desktop.core.api.variables import (
    UnresolvedVariables,
    VariableStore,
    check_variable,
    names_in,
    offered,
    substitute,
)
from mct_desktop.core.support.ui_state import UiState

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"


# ----- the path's query and the table
def test_split_keeps_order_repeats_and_decodes():
    assert split_target("/x?a=1&b=%20&a=2&c=a+b&d&=e") == (
        "/x",
        [("a", "1"), ("b", " "), ("a", "2"), ("c", "a b"), ("d", ""), ("", "e")],
    )
    assert split_target("https://h/x?q=1#frag") == ("https://h/x", [("q", "1")])
    assert split_target("/x") == ("/x", [])


def test_join_encodes_what_would_change_the_meaning_and_keeps_variables_readable():
    assert join_target("/x", [("q", "a&b=c #?%+"), ("id", "{{courseId}}"), ("é", "ü")]) == (
        "/x?q=a%26b%3Dc%20%23%3F%25%2B&id={{courseId}}&%C3%A9=%C3%BC"
    )
    assert join_target("/x", []) == "/x"


@given(st.lists(st.tuples(st.text(min_size=1).filter(lambda k: k.strip()), st.text()), max_size=6))
def test_join_then_split_gives_the_pairs_back(pairs):
    assert split_target(join_target("/api/v1/users", pairs)) == ("/api/v1/users", pairs)


# ----- substitution
def test_substitute_fills_path_params_headers_and_body():
    request = ApiRequest(
        "POST",
        "/api/v2/courses/{{courseId}}/x",
        query=[("lang", "{{ lang }}")],
        headers=[("X-Tenant", "{{tenant}}")],
        body_kind=BodyKind.JSON,
        body_text='{"id": {{courseId}}}',
    )
    values = {"courseId": "101", "lang": "en", "tenant": "contoso"}
    assert names_in(request) == ["courseId", "lang", "tenant"]
    done = substitute(request, values)
    assert done.target == "/api/v2/courses/101/x"
    assert done.query == [("lang", "en")] and done.headers == [("X-Tenant", "contoso")]
    assert done.body_text == '{"id": 101}'
    assert request.target == "/api/v2/courses/{{courseId}}/x"  # the typed request is kept


def test_a_value_in_the_path_is_encoded_where_it_would_change_the_url():
    done = substitute(ApiRequest("GET", "/x/{{name}}"), {"name": "a b?c#d"})
    assert done.target == "/x/a%20b%3Fc%23d"
    assert substitute(ApiRequest("GET", "{{base}}/x"), {"base": "https://h"}).target == (
        "https://h/x"
    )


def test_unresolved_variables_are_named_all_at_once():
    request = ApiRequest("GET", "/x/{{a}}", headers=[("H", "{{b}}")], form=[("f", "{{a}}")])
    with pytest.raises(UnresolvedVariables) as caught:
        substitute(request, {})
    assert isinstance(caught.value, RequestError)
    assert str(caught.value) == (
        "Unresolved variable(s): {{a}}, {{b}}. Set them in the Variables tab, "
        "or remove them from the request."
    )


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("token", "v4lue", "looks like it would hold a credential"),
        ("clientSecret", "v4lue", "looks like it would hold a credential"),
        ("Authorization", "v4lue", "looks like it would hold a credential"),
        ("user", JWT, "looks like a token"),
        ("user", "Bearer abcdefgh12345", "looks like a token"),
        ("user", "AbCdEfGh1234567890aBcDeFgH1234567890", "looks like a token"),
        ("user", "the-live-token-value", "looks like a token"),
        ("1st", "v4lue", "is not a variable name"),
        ("user", "a\nb", "holds a line break"),
    ],
)
def test_a_variable_never_holds_a_token(name, value, reason):
    problem = check_variable(name, value, secrets=("the-live-token-value",))
    assert problem is not None and reason in problem
    assert value not in problem  # the message never repeats the refused value


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("courseId", "101"),
        ("slug", "introduction-to-machine-learning-for-beginners"),
        ("user", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
        ("base", "https://contoso.example"),
    ],
)
def test_ordinary_values_are_accepted(name, value):
    assert check_variable(name, value) is None


def test_store_is_private_per_portal_and_refuses_tokens(isolated_home):
    store = VariableStore()
    store.set_pairs("https://a", [("courseId", "101")])
    with pytest.raises(RequestError):
        store.set_pairs("https://a", [("courseId", "102"), ("user", JWT)])
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    again = VariableStore()
    assert again.values("https://a") == {"courseId": "101"}  # nothing of the refused set
    assert again.values("https://b") == {}
    assert JWT not in store.path.read_text()


def test_a_hand_edited_token_in_the_file_is_not_loaded(isolated_home):
    store = VariableStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"https://a": [["user", JWT], ["id", "7"]]}))
    assert VariableStore().pairs("https://a") == [("id", "7")]
    store.path.write_text("not json")
    assert "could not be read" in VariableStore().warning


def test_offered_values_skip_empty_known_variable_and_secret_ones():
    pairs = [("courseId", "101"), ("page", ""), ("id", "{{x}}"), ("token", "abc"), ("lang", "en")]
    assert offered(pairs, {"lang": "en"}) == [("courseId", "101")]


# ----- tabs in ui-state
def test_tabs_are_kept_sanitised_as_typed(isolated_home):
    state = UiState()
    typed = [
        ApiRequest("GET", "/api/v2/courses/{{courseId}}", headers=[("Authorization", "Bearer x")]),
        ApiRequest("GET", "/api/v1/users", query=[("access_token", JWT), ("page", "2")]),
    ]
    state.set_tabs(typed, 1)
    state.save()
    text = state.path.read_text()
    assert JWT not in text and "Bearer x" not in text
    requests, current = UiState().tabs()
    assert current == 1
    assert [r.target for r in requests] == ["/api/v2/courses/{{courseId}}", "/api/v1/users"]
    assert requests[0].headers == []
    assert requests[1].query == [("access_token", "<redacted>"), ("page", "2")]


def test_an_older_ui_state_with_only_the_last_request_opens_one_tab(isolated_home):
    state = UiState()
    state.set_last_request(ApiRequest("GET", "/api/v2/Profile"))
    assert [r.target for r in state.tabs()[0]] == ["/api/v2/Profile"]
    state.data["tabs"] = ["junk", {"method": "GET", "target": "/a", "body_kind": "nonsense"}]
    assert [r.target for r in state.tabs()[0]] == ["/api/v2/Profile"]


def test_the_headers_tab_shows_the_added_headers_masked():
    from mct_desktop.core.api.auth_headers import shown_auth_headers
    from mct_desktop.core.portal import Portal, ServiceAuth

    token = "eyJ" + "a" * 1184
    assert shown_auth_headers(Portal("https://p.example"), token) == [
        ("Authorization", "Bearer eyJa…(1187 chars) — added by MCT Desktop")
    ]
    service = Portal("https://p.example", service=ServiceAuth("t", "c", "api://x"))
    assert shown_auth_headers(service, token)[1] == (
        "ClientType",
        "Service — added by MCT Desktop",
    )
    assert shown_auth_headers(service, None) == [("Authorization", "(none: not signed in)")]
