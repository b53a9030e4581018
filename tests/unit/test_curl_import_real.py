"""curl import on real commands written by others, and the cases of issue 13 item 3.

Samples quoted verbatim (ports and hosts as in their source):
- curlconverter/curlconverter test/fixtures/curl_commands/*.sh (MIT), named per test;
- SINTEF/sensapp README.md ("Ingest one sample"), a `$'…'` body;
- Guance OpenAPI docs (rum_sourcemap/upload_cancel request example), a `$'…'` JSON body.
"""

import pytest

from mct_desktop.core.api.curl_import import CurlParseError, from_curl
from mct_desktop.core.api.request import BodyKind


def test_curlconverter_put_xput():
    # put_xput.sh: attached -XPUT, a double-quoted body with line continuations inside
    imported = from_curl(
        "curl -XPUT 'http://localhost:28139/twitter/_mapping/user?pretty' "
        '-H \'Content-Type: application/json\' -d "\\\n{\\\n\\"properties\\": {\\\n'
        '\\"email\\": {\\\n\\"type\\": \\"keyword\\"\\\n}\\\n}\\\n}"\n'
    )
    request = imported.request
    assert request.method == "PUT"
    assert request.target == "http://localhost:28139/twitter/_mapping/user"
    assert request.query == [("pretty", "")]
    assert (request.body_kind, request.body_text) == (
        BodyKind.JSON,
        '{"properties": {"email": {"type": "keyword"}}}',
    )


def test_curlconverter_header_without_value_and_url_without_scheme():
    # get_with_header_without_value.sh
    request = from_curl(
        'curl --header "Content-Type: text/xml;charset=UTF-8" --header "getWorkOrderCancel;" '
        "localhost:28139/get\n"
    ).request
    assert request.target == "http://localhost:28139/get"
    assert request.headers == [
        ("Content-Type", "text/xml;charset=UTF-8"),
        ("getWorkOrderCancel", ""),
    ]


def test_curlconverter_browser_headers_drop_cookie_and_content_length():
    # post_with_browser_headers.sh
    imported = from_curl(
        "curl 'http://localhost:28139/ajax/demo_post.asp' -X POST -H 'Origin: "
        "http://www.w3schools.com' -H 'Accept-Encoding: gzip, deflate' -H 'Accept-Language: "
        "en-US,en;q=0.8' -H 'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.95 Safari/537.36' -H 'Accept: "
        "*/*' -H 'Referer: http://www.w3schools.com/ajax/tryit_view.asp?x=0.07944501144811511' "
        "-H 'Cookie: _gat=1; ASPSESSIONIDACCRDTDC=MCMDKFMBLLLHGKCGNMKNGPKI; "
        "_ga=GA1.2.1424920226.1419478126' -H 'Connection: keep-alive' -H 'Content-Length: 0' "
        "--compressed\n"
    )
    request = imported.request
    assert request.method == "POST"
    assert request.headers == [("Accept", "*/*")]  # browser-only and credential headers go
    assert "MCMDKFMBLLLHGKCGNMKNGPKI" not in repr(imported)
    assert any("Content-Length" in note for note in imported.notes)
    assert (
        "Headers a browser adds by itself were dropped (add them back if the API needs them): "
        "Origin, Accept-Encoding, Accept-Language, User-Agent, Referer, Connection."
    ) in imported.notes


def test_curlconverter_proxy_with_auth():
    # get_proxy_with_auth.sh: the proxy is not the target, its credentials are dropped
    imported = from_curl(
        "curl 'http://localhost:28139' --proxy 'http://localhost:8080' -U 'anonymous:anonymous'\n"
    )
    assert imported.request.target == "http://localhost:28139"
    assert "anonymous" not in repr(imported)


def test_curlconverter_cert_key_capath():
    # get_cert_key_capath.sh
    imported = from_curl(
        "curl --cert /path/to/cert --key /path/to/key --capath /path/to/ca https://localhost:28139\n"
    )
    assert imported.request.target == "https://localhost:28139"
    assert any("--cert was dropped" in note for note in imported.notes)


def test_curlconverter_head_without_http():
    # head_without_http.sh
    request = from_curl("curl --head localhost:28139/page\n").request
    assert (request.method, request.target) == ("HEAD", "http://localhost:28139/page")


def test_curlconverter_json_with_cookie_files():
    # commented_json_with_session.sh
    imported = from_curl(
        "curl 'http://localhost:28139' -b cookies.txt -c cookies.txt --json '{   }'\n"
    )
    request = imported.request
    assert (request.method, request.body_kind, request.body_text) == (
        "POST",
        BodyKind.JSON,
        "{   }",
    )
    assert any("-b was dropped" in note for note in imported.notes)


def test_sensapp_ansi_c_quoted_csv_body():
    # SINTEF/sensapp README.md
    request = from_curl(
        "curl -X POST http://127.0.0.1:3000/publish \\\n  -H 'content-type: text/csv' \\\n"
        "  --data-raw $'datetime,sensor_name,value,unit\\n2026-03-16T12:00:00Z,temperature,21.5,C'"
    ).request
    assert (request.body_kind, request.body_text) == (
        BodyKind.TEXT,
        "datetime,sensor_name,value,unit\n2026-03-16T12:00:00Z,temperature,21.5,C",
    )


def test_guance_ansi_c_quoted_json_body_and_api_key_header():
    # Guance OpenAPI docs: the DF-API-KEY header is a credential
    imported = from_curl(
        "curl 'https://openapi.guance.com/api/v1/rum_sourcemap/upload_cancel' \\\n"
        "-H 'Content-Type: application/json' \\\n-H 'DF-API-KEY: <DF-API-KEY>' \\\n"
        '--data-raw $\'{\\n  "uploadId": "65ef45944fac157005cb73de48e81f161Lfv5UOs"\\n}\' \\\n'
        "--compressed"
    )
    request = imported.request
    assert request.body_text == '{\n  "uploadId": "65ef45944fac157005cb73de48e81f161Lfv5UOs"\n}'
    assert request.headers == []
    assert any("DF-API-KEY header was dropped" in note for note in imported.notes)


def test_ansi_c_quoting_decodes_escapes_quotes_and_unicode():
    # What Chrome's "Copy as cURL (bash)" writes for a body with ', ! and non-ASCII text
    request = from_curl(
        "curl 'https://p.example/api' --data-raw $'{\"name\":\"Caf\\u00e9 O\\'Brien!\\x21\"}'"
    ).request
    assert request.body_text == '{"name":"Café O\'Brien!!"}'


def test_leading_comment_lines_and_continuations():
    request = from_curl(
        "# Copied from the docs\n# second comment\ncurl \\\n  -X DELETE \\\r\n"
        "  'https://p.example/api/x'  # trailing comment\n"
    ).request
    assert (request.method, request.target) == ("DELETE", "https://p.example/api/x")


def test_data_from_a_file_is_read(tmp_path):
    body = tmp_path / "body.json"
    body.write_text('{"a":\n 1}\n')
    request = from_curl(f"curl https://p.example/x -H 'Content-Type: application/json' -d @{body}")
    assert request.request.body_text == '{"a": 1}'  # -d drops newlines, as curl does
    binary = from_curl(f"curl https://p.example/x --data-binary @{body} -H 'Content-Type: a/b'")
    assert binary.request.body_text == '{"a":\n 1}\n'


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("curl https://p.example/x --data-binary @-", "@- reads standard input"),
        ("curl https://p.example/x -d @/nonexistent/body.json", "cannot read it"),
    ],
)
def test_data_that_cannot_be_read_is_refused(command, expected):
    with pytest.raises(CurlParseError, match=expected):
        from_curl(command)


def test_data_urlencode_is_encoded():
    request = from_curl(
        "curl https://p.example/x --data-urlencode 'q=a b&c' --data-urlencode '=x y'"
    ).request
    assert request.body_kind is BodyKind.FORM
    assert request.form == [("q", "a b&c"), ("x y", "")]


def test_several_json_pieces_are_concatenated():
    request = from_curl("""curl https://p.example/x --json '{"a":' --json ' 1}'""").request
    assert (request.body_kind, request.body_text) == (BodyKind.JSON, '{"a": 1}')
    assert [n for n, _ in request.headers] == ["Accept"]


def test_a_proxy_before_the_url_is_not_the_target():
    request = from_curl("curl -x http://proxy.example:3128 https://p.example/api").request
    assert request.target == "https://p.example/api"


def test_a_url_without_scheme_is_not_a_portal_path():
    request = from_curl("curl localhost:8080/api").request
    assert request.target == "http://localhost:8080/api"


# More curlconverter fixtures (file name, command as in the file, expected method and target).
CURLCONVERTER = [
    (
        "post_with_quotes_anywhere.sh",
        'curl \'http://localhost:28139\' \\\n    -d "a=b&c=\\"&d=\'" \\\n    -u "ol\':asd\\"" \\\n'
        "    -H \"A: ''a'\" \\\n    -H 'B: \"' \\\n    -H \"Cookie: x=1'; y=2\\\"\"\n",
        ("POST", "http://localhost:28139"),
    ),
    (
        "read_cookies_and_mixed_auth.sh",
        "curl 'http://localhost:28139' -b cookies.txt --oauth2-bearer AAAAAAAAAAAA --user "
        "user:pass --no-basic --digest\n",
        ("GET", "http://localhost:28139"),
    ),
    (
        "post_with_extra_whitespace.sh",
        'curl -X POST "http://localhost:28139/api/library" -H  "accept: application/json" -H  '
        '"Content-Type: multipart/form-data" -F "files=@47.htz" -F "name=47" -F '
        '"oldMediaId=47" -F "updateInLayouts=1" -F "deleteOldRevisions=1"\n',
        ("POST", "http://localhost:28139/api/library"),
    ),
    (
        "get_charles_syntax.sh",
        'curl -H "Host: api.ipify.org" -H "Accept: */*" -H "User-Agent: GiftTalk/2.7.2 (iPhone; '
        'iOS 9.0.2; Scale/3.00)" -H "Accept-Language: en-CN;q=1, zh-Hans-CN;q=0.9" --compressed '
        '"http://localhost:28139/?format=json&"\n',
        ("GET", "http://localhost:28139/"),
    ),
    (
        "multiple_d_post.sh",
        "curl -s 'https://localhost:28139/webservices/rest.php' -d 'version=1.2' -d "
        '"auth_user=fdgxf" -d "auth_pwd=oxfdscds" -d \'json_data={ "operation": "core/get", '
        '"class": "Software", "key": "key" }\'\n',
        ("POST", "https://localhost:28139/webservices/rest.php"),
    ),
    (
        "post_escaped_single_quotes_in_double_quotes.sh",
        "curl -X POST http://localhost:28139/ --data \"foo=\\'bar\\'\"\n",
        ("POST", "http://localhost:28139/"),
    ),
    (
        "put_basic_auth_json_data.sh",
        'curl -X PUT http://localhost:28139/test/_security -u "admin:123" -d \'{"admins":'
        '{"names":[], "roles":[]}, "readers":{"names":["joe"],"roles":[]}}\'\n',
        ("PUT", "http://localhost:28139/test/_security"),
    ),
]


@pytest.mark.parametrize(
    ("name", "command", "expected"), CURLCONVERTER, ids=[c[0] for c in CURLCONVERTER]
)
def test_more_curlconverter_fixtures(name, command, expected):
    imported = from_curl(command)
    assert (imported.request.method, imported.request.target) == expected
    for secret in ("asd", "AAAAAAAAAAAA", "user:pass", "admin:123", "x=1'"):
        assert secret not in repr(imported.request.headers) + " ".join(imported.notes)
    if name == "post_with_quotes_anywhere.sh":
        assert imported.request.form == [("a", "b"), ("c", '"'), ("d", "'")]
        assert imported.request.headers == [("A", "''a'"), ("B", '"')]
    if name == "post_escaped_single_quotes_in_double_quotes.sh":
        assert imported.request.form == [("foo", "\\'bar\\'")]  # bash keeps \' inside "…"
    if name == "post_with_extra_whitespace.sh":
        assert (imported.request.file_field, imported.request.file_path) == ("files", "47.htz")
        assert imported.request.headers == [("accept", "application/json")]  # boundary-less type


def test_chrome_copy_as_curl_cmd_from_a_real_readme():
    # yansheng836/bilibili-Fanrenpc README.md (Chrome 139 "Copy as cURL (cmd)"), first lines
    imported = from_curl(
        'curl ^"https://api.bilibili.com/pgc/web/season/section?season_id=28747^" ^\n'
        '  -H ^"accept: application/json, text/plain, */*^" ^\n'
        '  -H ^"accept-language: zh-CN,zh;q=0.9,en;q=0.8^" ^\n'
        '  -H ^"cache-control: no-cache^" ^\n'
        '  -b ^"buvid3=……^" ^\n'
        '  -H ^"origin: https://www.bilibili.com^" ^\n'
        '  -H ^"pragma: no-cache^" ^\n'
        '  -H ^"priority: u=1, i^" ^\n'
        '  -H ^"referer: https://www.bilibili.com/^" ^\n'
        '  -H ^"sec-ch-ua: ^\\^"Not;A=Brand^\\^";v=^\\^"99^\\^", ^\\^"Google Chrome^\\^";'
        'v=^\\^"139^\\^", ^\\^"Chromium^\\^";v=^\\^"139^\\^"^" ^\n'
    )
    request = imported.request
    assert request.target == "https://api.bilibili.com/pgc/web/season/section"
    assert request.query == [("season_id", "28747")]
    assert request.headers == [("accept", "application/json, text/plain, */*")]
    assert any("sec-ch-ua" in note for note in imported.notes)
    assert any("-b was dropped" in note for note in imported.notes)


def test_chrome_cmd_escapes_quotes_percent_and_newlines():
    # How Chrome's escapeStringWin writes `{"a":"x%41` + newline + `y"}` and a JSON body
    request = from_curl(
        'curl ^"https://p.example/api?q=^%^41^" -H ^"Content-Type: text/plain^" '
        '--data-raw ^"^{^\\^"a^\\^":^\\^"x^\n\ny^\\^"^}^"'
    ).request
    assert request.query == [("q", "A")]  # the URL held q=%41
    assert request.body_text == '{"a":"x\ny"}'


def test_powershell_copies_are_refused_with_a_hint():
    with pytest.raises(CurlParseError, match="PowerShell"):
        from_curl('Invoke-WebRequest -UseBasicParsing -Uri "https://p.example/api"')


def test_shell_operators_around_the_command():
    # curlconverter bash_redirect.sh: the data comes from a redirected stdin, which is refused
    with pytest.raises(CurlParseError, match="@- reads standard input"):
        from_curl(
            "# https://github.com/curlconverter/curlconverter/issues/316\n"
            'curl -H "X-Requested-With: curl" -H "Content-Type: text/xml" -u "USER:PASS" -X "POST" '
            '--data-binary @- "https://example.com/api/2.0/fo/auth/unix/?action=create&title='
            'UnixRecord&username=root&password=abc123&ips=10.10.10.10" < add_params.xml\n'
        )
    imported = from_curl("curl -s https://p.example/api/x 2>&1 > out.json | jq .items; echo done")
    assert imported.request.target == "https://p.example/api/x"
    assert "The shell redirection >& 1 was ignored." in imported.notes
    assert "The shell redirection > out.json was ignored." in imported.notes
    assert "'| jq .items; echo done' was ignored: it is not part of the curl command." in (
        imported.notes
    )
    with pytest.raises(CurlParseError, match="here-document"):
        from_curl("curl https://p.example/x --data-binary @- <<EOF\n{}\nEOF")


def test_curlconverter_range():
    # range.sh: an option that is a header in disguise
    request = from_curl("curl 'http://localhost:28139' --range 600\n").request
    assert request.headers == [("Range", "bytes=600")]
