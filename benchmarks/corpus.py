"""Write the same synthetic guide for mlcareer-site and its peers (MkDocs, Pelican, Hugo).

``make_corpus(target, pages, seed)`` is deterministic: the same arguments always give the same
bytes. It writes four projects under ``target``:

- ``mlcareer-site/``: the real guide's ``data/`` and ``templates/`` and its own content pages
  (their data references pages such as ``salaries``, and the layout links to ``sources.html``,
  so they must exist), plus ``content/page-00001.md`` ... ``page-NNNNN.md``. ``data/site.yaml``
  has no ``nav`` list, so navigation follows front matter ``order`` (synthetic pages first);
  a nav list would warn once for every page it does not name.
- ``mkdocs/``: ``mkdocs.yml`` + ``docs/`` (default theme, navigation from the files).
- ``pelican/``: ``pelicanconf.py`` + ``content/`` (Markdown reader, default theme, no feeds;
  the pages are articles, the home text is a page).
- ``hugo/``: ``config.toml`` + ``content/`` + a minimal ``layouts/`` (title, previous/next,
  table of contents, body; the home page lists every page).

Every synthetic page is ~1,000 words: paragraphs, ``##``/``###`` headings, a pipe table, a
fenced code block, a list, and 3-5 links to other pages, one of them to a heading that exists
on the target page. Links are written in each tool's own syntax so every build resolves them.

Usage: python benchmarks/corpus.py TARGET --pages 100 [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOOLS = ("mlcareer-site", "mkdocs", "pelican", "hugo")

TOPICS = [
    "Feature Engineering",
    "Model Evaluation",
    "Data Pipelines",
    "Experiment Tracking",
    "Model Serving",
    "Gradient Boosting",
    "Neural Network Training",
    "Hyperparameter Search",
    "Data Labelling",
    "Production Monitoring",
    "Recommendation Systems",
    "Time Series Forecasting",
    "Natural Language Processing",
    "Computer Vision",
    "Statistics Refresher",
    "Linear Algebra",
    "Cloud Platforms",
    "Version Control",
    "Technical Interviews",
    "Portfolio Projects",
    "Code Review",
    "Batch Inference",
    "Vector Search",
    "Model Compression",
]
HEADINGS = [
    "Why it matters",
    "Core ideas",
    "Common mistakes",
    "A worked example",
    "Tools employers expect",
    "How to practise",
    "What interviewers ask",
    "Reading the numbers",
    "Trade offs in practice",
    "Where beginners get stuck",
    "A study plan",
    "Checklist before shipping",
    "Measuring progress",
    "Working with data teams",
    "Debugging strategies",
    "Scaling up",
    "Costs and budgets",
    "Documentation habits",
    "Testing the pipeline",
    "Ethics and fairness",
    "Choosing a baseline",
    "Handling missing values",
    "Logging and alerts",
    "Reproducible results",
    "Further reading",
    "Questions to ask",
    "Team workflows",
    "Security basics",
    "Latency budgets",
    "Deployment patterns",
]
SUBJECTS = [
    "A junior engineer",
    "The hiring manager",
    "A small team",
    "The data platform",
    "Every production model",
    "A careful reviewer",
    "The training job",
    "An honest baseline",
    "The feature store",
    "A good portfolio project",
    "The evaluation report",
    "Most interviewers",
]
VERBS = [
    "should document",
    "usually checks",
    "quickly reveals",
    "depends on",
    "rarely replaces",
    "needs to measure",
    "can simplify",
    "often hides",
    "must track",
    "helps explain",
    "tends to ignore",
    "will reward",
]
OBJECTS = [
    "the distribution of the validation data",
    "the cost of a wrong prediction",
    "a clear description of the assumptions",
    "the latency of every request",
    "the version of each dataset",
    "a reproducible training run",
    "the gap between offline and online metrics",
    "the simplest model that works",
    "the drift in incoming features",
    "a readable notebook with conclusions",
    "the label quality of the training set",
    "a realistic plan for the next quarter",
]
TAILS = [
    "before anything reaches production",
    "long before the first interview",
    "when the deadline gets close",
    "in a way the whole team understands",
    "without adding much complexity",
    "even on a modest laptop",
    "as the project grows",
    "so that results can be repeated",
    "which saves hours of debugging later",
    "and writes the findings down",
]
EMPHASIS = ["**", "`", ""]
LIST_ITEMS = [
    "Write down the question the model answers",
    "Split the data before looking at it",
    "Start from a baseline and beat it honestly",
    "Track every experiment with its parameters",
    "Review the errors, not only the averages",
    "Automate the evaluation so it runs on every change",
    "Ask for feedback from someone who uses the output",
    "Keep a changelog of data and model versions",
    "Estimate the cost of serving before building",
    "Plan how the model will be monitored",
]
CODE_SNIPPETS = [
    """import pandas as pd
from sklearn.model_selection import train_test_split

frame = pd.read_csv("data/{name}.csv")
train, test = train_test_split(frame, test_size=0.2, random_state={n})
print(train.shape, test.shape)""",
    """def evaluate(model, features, labels):
    predictions = model.predict(features)
    accuracy = (predictions == labels).mean()
    return {{"accuracy": float(accuracy), "rows": len(labels), "run": {n}}}""",
    """for epoch in range({n} % 10 + 1):
    loss = train_one_epoch(model, loader, optimizer)
    metrics = validate(model, val_loader)
    print(f"epoch {{epoch}}: loss={{loss:.3f}} f1={{metrics['f1']:.3f}}")""",
    """SELECT region, COUNT(*) AS orders, AVG(amount) AS mean_amount
FROM {name}
WHERE created_at >= DATE '2026-01-01'
GROUP BY region
ORDER BY orders DESC
LIMIT {n};""",
]

LINK = re.compile(r"\x00(\d+)#([a-z0-9-]*)\x00([^\x00]*)\x00")
"""Placeholder for a link to page N (0 = home) and an optional heading, then the link text."""


def slug(text: str) -> str:
    """The heading id every tool derives from our plain-word headings."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def page_name(number: int) -> str:
    return f"page-{number:05d}"


def page_rng(seed: int, number: int, salt: int) -> random.Random:
    return random.Random(seed * 1_000_003 + number * 7 + salt)


def page_headings(seed: int, number: int) -> list[str]:
    """The page's h2/h3 headings (distinct), computable without writing the page."""
    return page_rng(seed, number, 1).sample(HEADINGS, 8)


def page_title(seed: int, number: int) -> str:
    topic = page_rng(seed, number, 2).choice(TOPICS)
    return f"{topic}, part {number}"


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS)
    mark = rng.choice(EMPHASIS)
    if mark:
        words = obj.split(" ")
        at = rng.randrange(1, len(words))
        words[at] = f"{mark}{words[at]}{mark}"
        obj = " ".join(words)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj} {rng.choice(TAILS)}."


def paragraph(rng: random.Random, links: list[str]) -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(2, 4))]
    if links:
        sentences.insert(rng.randrange(1, len(sentences)), links.pop(0))
    return " ".join(sentences)


def table(rng: random.Random, number: int) -> str:
    rows = ["| Skill | Weeks | Level | Evidence |", "|---|---:|---|---|"]
    for skill in rng.sample(TOPICS, 5):
        level = rng.choice(["beginner", "intermediate", "advanced"])
        rows.append(f"| {skill} | {rng.randint(1, 12)} | {level} | project {number} notes |")
    return "\n".join(rows)


def page_body(seed: int, number: int, pages: int) -> str:
    """A page's Markdown with link placeholders (rendered per tool by ``render_links``)."""
    rng = page_rng(seed, number, 3)
    headings = page_headings(seed, number)
    others = [n for n in range(1, pages + 1) if n != number]
    targets = rng.sample(others, min(len(others), rng.randint(3, 5)))
    links: list[str] = []
    for index, target in enumerate(targets):
        anchor = slug(rng.choice(page_headings(seed, target))) if index == 0 else ""
        links.append(f"See \x00{target}#{anchor}\x00{page_title(seed, target)}\x00 for more.")
    links.append("Back to \x000#\x00the overview\x00.")
    links.append("The [Python documentation](https://docs.python.org/3/) helps too.")
    rng.shuffle(links)
    name = page_name(number).replace("-", "_")
    blocks = [paragraph(rng, links), paragraph(rng, links)]
    for section in range(4):
        blocks.append(f"## {headings[2 * section]}")
        blocks.append(paragraph(rng, links))
        if section == 1:
            blocks.append(table(rng, number))
        blocks.append(paragraph(rng, links))
        blocks.append(f"### {headings[2 * section + 1]}")
        blocks.append(paragraph(rng, links))
        if section == 2:
            snippet = rng.choice(CODE_SNIPPETS).format(name=name, n=number)
            language = "sql" if snippet.startswith("SELECT") else "python"
            blocks.append(f"```{language}\n{snippet}\n```")
        if section == 3:
            blocks.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 5)))
        blocks.append(paragraph(rng, links))
    while links:
        blocks.append(paragraph(rng, links))
    return "\n\n".join(blocks) + "\n"


def home_body(seed: int, pages: int) -> str:
    shown = range(1, min(pages, 10) + 1)
    items = "\n".join(f"- \x00{n}#\x00{page_title(seed, n)}\x00" for n in shown)
    return (
        "This synthetic guide exists to measure static-site generators. Each page is about a "
        "thousand words of Markdown with headings, a table, a code block, a list and links.\n\n"
        f"## Where to start\n\n{items}\n"
    )


LinkStyle = Callable[[int, str, int], str]
"""(target page, anchor, source page) -> href; page 0 is the home page."""


def render_links(markdown: str, href: LinkStyle, source: int) -> str:
    return LINK.sub(
        lambda m: f"[{m.group(3)}]({href(int(m.group(1)), m.group(2), source)})", markdown
    )


def with_anchor(url: str, anchor: str) -> str:
    return f"{url}#{anchor}" if anchor else url


def mlcareer_href(target: int, anchor: str, source: int) -> str:
    return with_anchor("index.md" if target == 0 else f"{page_name(target)}.md", anchor)


def pelican_href(target: int, anchor: str, source: int) -> str:
    # Articles sit in content/, the home text is the page content/pages/index.md.
    name = "pages/index.md" if target == 0 else f"{page_name(target)}.md"
    if source == 0:
        name = "../" + name
    return with_anchor("{filename}" + name, anchor)


def hugo_href(target: int, anchor: str, source: int) -> str:
    prefix = "" if source == 0 else "../"
    return with_anchor(prefix if target == 0 else f"{prefix}{page_name(target)}/", anchor)


def front_matter(fields: dict[str, object]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def guide_nav(guide: Path) -> list[str]:
    """The real guide's page order, read from its data/site.yaml nav list."""
    text = (guide / "data" / "site.yaml").read_text(encoding="utf-8")
    block = re.search(r"^nav:\n((?:[ \t]+- .*\n)+)", text, re.MULTILINE)
    assert block, "data/site.yaml has no nav list"
    return [line.split("- ", 1)[1].strip() for line in block.group(1).splitlines()]


def site_yaml_without_nav(guide: Path) -> str:
    text = (guide / "data" / "site.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^# Navigation order.*\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^nav:\n(?:[ \t]+- .*\n)+", "", text, flags=re.MULTILINE)


def write_mlcareer(root: Path, seed: int, pages: int, guide: Path = REPO) -> None:
    shutil.copytree(guide / "data", root / "data")
    shutil.copytree(guide / "templates", root / "templates")
    write(root / "data" / "site.yaml", site_yaml_without_nav(guide))
    # The guide's own pages: its data and layout link to them. First in navigation: the
    # home page, then the synthetic pages, then the rest of the guide.
    for position, slug_ in enumerate(guide_nav(guide)):
        text = (guide / "content" / f"{slug_}.md").read_text(encoding="utf-8")
        order = 0 if slug_ == "index" else 100_000 - 20 + position
        write(root / "content" / f"{slug_}.md", text.replace("---\n", f"---\norder: {order}\n", 1))
    for number in range(1, pages + 1):
        meta = {
            "title": page_title(seed, number),
            "description": f"Synthetic benchmark page {number} about {page_title(seed, number)}.",
            "order": number,
        }
        body = render_links(page_body(seed, number, pages), mlcareer_href, number)
        write(root / "content" / f"{page_name(number)}.md", front_matter(meta) + body)


def write_mkdocs(root: Path, seed: int, pages: int) -> None:
    write(
        root / "mkdocs.yml",
        "site_name: Synthetic guide\n"
        "docs_dir: docs\n"
        "theme:\n  name: mkdocs\n"
        "validation:\n  links:\n    anchors: warn\n    unrecognized_links: warn\n"
        "markdown_extensions:\n  - toc\n  - tables\n  - fenced_code\n",
    )
    home = front_matter({"title": "Synthetic guide", "description": "Benchmark home."})
    write(root / "docs" / "index.md", home + render_links(home_body(seed, pages), mlcareer_href, 0))
    for number in range(1, pages + 1):
        meta = {"title": page_title(seed, number), "description": f"Page {number}."}
        body = render_links(page_body(seed, number, pages), mlcareer_href, number)
        write(root / "docs" / f"{page_name(number)}.md", front_matter(meta) + body)


PELICANCONF = """\
AUTHOR = "Benchmark"
SITENAME = "Synthetic guide"
SITEURL = ""
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE = (2026, 1, 1)
SLUGIFY_SOURCE = "basename"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
"""


def write_pelican(root: Path, seed: int, pages: int) -> None:
    write(root / "pelicanconf.py", PELICANCONF)
    home = front_matter({"title": "Synthetic guide", "description": "Benchmark home."})
    write(
        root / "content" / "pages" / "index.md",
        home + render_links(home_body(seed, pages), pelican_href, 0),
    )
    for number in range(1, pages + 1):
        meta = {
            "title": page_title(seed, number),
            "description": f"Page {number}.",
            "date": f"2026-01-01 {number // 60 % 24:02d}:{number % 60:02d}",
        }
        body = render_links(page_body(seed, number, pages), pelican_href, number)
        write(root / "content" / f"{page_name(number)}.md", front_matter(meta) + body)


HUGO_BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<aside>{{ .TableOfContents }}</aside>
{{ .Content }}
</article>
<nav>
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">Previous: {{ .Title }}</a>
{{- end }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">Next: {{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}</ul>
{{ end }}
"""
HUGO_INDEX = HUGO_LIST.replace("range .Pages", "range .Site.RegularPages")


def write_hugo(root: Path, seed: int, pages: int) -> None:
    write(
        root / "config.toml",
        'baseURL = "/"\n'
        'title = "Synthetic guide"\n'
        "relativeURLs = true\n"
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        "[markup.tableOfContents]\n  startLevel = 2\n  endLevel = 3\n",
    )
    layouts = root / "layouts"
    write(layouts / "_default" / "baseof.html", HUGO_BASEOF)
    write(layouts / "_default" / "single.html", HUGO_SINGLE)
    write(layouts / "_default" / "list.html", HUGO_LIST)
    write(layouts / "index.html", HUGO_INDEX)
    home = front_matter({"title": "Synthetic guide", "description": "Benchmark home."})
    write(root / "content" / "_index.md", home + render_links(home_body(seed, pages), hugo_href, 0))
    for number in range(1, pages + 1):
        meta = {
            "title": page_title(seed, number),
            "description": f"Page {number}.",
            "weight": number,
        }
        body = render_links(page_body(seed, number, pages), hugo_href, number)
        write(root / "content" / f"{page_name(number)}.md", front_matter(meta) + body)


WRITERS = {
    "mlcareer-site": write_mlcareer,
    "mkdocs": write_mkdocs,
    "pelican": write_pelican,
    "hugo": write_hugo,
}


def make_corpus(target: Path, pages: int, seed: int = 0, guide: Path = REPO) -> dict[str, Path]:
    """Write the four projects under ``target`` (replacing it); return tool -> project dir.

    ``guide`` is where the real guide's ``data/``, ``templates/`` and ``content/`` come from
    (default: this repository's working tree).
    """
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    projects = {}
    for tool, writer in WRITERS.items():
        projects[tool] = target / tool
        if tool == "mlcareer-site":
            write_mlcareer(projects[tool], seed, pages, guide)
        else:
            writer(projects[tool], seed, pages)
    return projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    for tool, path in make_corpus(options.target, options.pages, options.seed).items():
        print(f"{tool:14} {path}")


if __name__ == "__main__":
    main()
