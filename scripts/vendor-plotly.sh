#!/usr/bin/env bash
# Refresh templates/assets/plotly.min.js: the official "basic" plotly.js bundle (bar, scatter,
# pie; 1.2 MB instead of 4.8 MB) from the npm registry, at the version of plotly.js that the
# installed plotly Python package ships, so figures and drawing code always match.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python -c "import plotly, re, pathlib; p = pathlib.Path(plotly.__file__).parent / 'package_data/plotly.min.js'; print(re.search(r'v(\d+\.\d+\.\d+)', p.read_text()[:200]).group(1))")
work=$(mktemp -d)
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
cp "$work/package/plotly-basic.min.js" templates/assets/plotly.min.js
cp "$work/package/LICENSE" templates/assets/plotly.LICENSE.txt
rm -rf "$work"
echo "templates/assets/plotly.min.js is now plotly.js basic v$version"
