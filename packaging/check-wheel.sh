#!/usr/bin/env bash
# Build the wheel and sdist and check that they carry what an installed app needs.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist/python
.venv/bin/python -m pip install -q build
.venv/bin/python -m build -q --outdir dist/python . >/dev/null
wheel="$(ls dist/python/*.whl)"
.venv/bin/python - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
needed = ["mct_desktop/demo/endpoints.tsv", "mct_desktop/cli.py", "mct_desktop/py.typed"]
missing = [n for n in needed if n not in names]
assert not missing, f"wheel lacks {missing}"
assert not any(n.startswith("tests/") for n in names), "tests leaked into the wheel"
entry = [n for n in names if n.endswith("entry_points.txt")]
text = zipfile.ZipFile(sys.argv[1]).read(entry[0]).decode()
assert "mct-desktop = mct_desktop.cli:run" in text, text
print(f"wheel ok: {sys.argv[1]} ({len(names)} files)")
PY
ls dist/python/*.tar.gz >/dev/null
