"""Write a spec as one converter would: `spec_to_converted(spec, style) -> str`.

Eight families (see style.FAMILIES). Each keeps every number, rank and
paragraph of the spec readable by a person; only the markup around them
changes.
"""

from __future__ import annotations

import html
import random
import re

from tests.support.convert import cells
from tests.support.convert.style import Style
from tests.support.convert.wrap import wrap
from tests.support.profiles import CLOSING_FOOTNOTE, PAGE1_FUNDING, PAGE2_FUNDING

DEEP_SUBHEADINGS = {"PEOPLE", "TRADE", "ENVIRONMENT"}
PLACEHOLDERS = {
    "comment": ["<!-- image -->"],
    "image": ["![](image.png)", "![](_page_{page}_Picture_{n}.jpeg)", "![image](images/fig_{n}.png)"],
}
NAMED_ENTITIES = {"↗": "&nearr;", "↘": "&searr;", "→": "&rarr;", "↑": "&uarr;", "↓": "&darr;",
                  "\u2212": "&minus;", "–": "&ndash;"}
SENTENCE_END = re.compile(r"[.!?:;]['\")]?$")


def narrative_blocks(spec: dict) -> list[tuple[str, str]]:
    """(kind, text) in reading order; kind: section, heading, subheading, paragraph."""
    blocks, seen = [], (None, None)
    for entry in spec["narrative"]:
        if seen[0] != entry["section"]:
            blocks.append(("section", entry["section"]))
        if seen != (entry["section"], entry["heading"]):
            blocks.append(("heading", entry["heading"]))
        seen = (entry["section"], entry["heading"])
        if entry.get("subheading"):
            blocks.append(("subheading", entry["subheading"]))
        blocks += [("paragraph", " ".join(text.split())) for text in entry["paragraphs"]]
    return blocks


def page_split(text: str, every: int, phrases: list[str], rng: random.Random) -> list[str]:
    """Cut a paragraph where a page break falls, only mid-sentence (as the seed's converter)."""
    for phrase in phrases:
        at = text.find(phrase + " ")
        if at >= 0:
            text = text[:at + len(phrase)] + "\n\n" + text[at + len(phrase) + 1:]
    if not every:
        return text.split("\n\n")
    words = text.split(" ")
    out, start = [], 0
    for i in range(1, len(words)):
        if (i - start >= every * rng.uniform(0.6, 1.4) and words[i][:1].islower()
                and not SENTENCE_END.search(words[i - 1]) and "\n" not in words[i - 1] + words[i]):
            out.append(" ".join(words[start:i]))
            start = i
    out.append(" ".join(words[start:]))
    return [part for chunk in out for part in chunk.split("\n\n")]


class Writer:
    def __init__(self, spec: dict, style: Style):
        self.spec, self.style = spec, style
        self.rng = random.Random(style.noise_seed)
        self.country = spec["country"]
        self.edition = spec["edition"]
        self.images = 0
        self.notes = 0  # footnote marks written so far

    # -- small pieces -------------------------------------------------------------------

    def placeholder(self, page: int) -> list[str]:
        kind = self.style.placeholders
        if kind == "none":
            return []
        kind = self.rng.choice(["comment", "image"]) if kind == "both" else kind
        self.images += 1
        return [self.rng.choice(PLACEHOLDERS[kind]).format(page=page, n=self.images), ""]

    def maybe_placeholder(self, page: int, chance: float) -> list[str]:
        return self.placeholder(page) if self.rng.random() < chance else []

    def mark(self, text: str, mark: str, level: int = 1) -> str:
        if mark == "#":
            return "#" * level + " " + text
        if mark in ("**", "__"):
            return f"{mark}{text}{mark}"
        return text

    def rank_text(self, rank: dict, sep: str = "  ") -> str:
        text = cells.ordinal(self.style, rank["text"])
        change = cells.rank_change_cell(self.style, rank.get("change"))
        return f"{text}{sep}{change}" if change else text

    def bullet(self, text: str, n: int) -> str:
        b = self.style.bullet
        if not b:
            return text
        return f"{n}. {text}" if b == "1." else f"{b} {text}"

    def row_cells(self, label: str, entry: dict) -> list[str]:
        delta = cells.delta_cell(self.style, entry)
        if self.style.split_delta_cell and delta and self.style.arrows in ("unicode", "word"):
            arrow, _, number = delta.rpartition(" ")
            return [label, entry["score"], arrow, number]
        return [label, entry["score"]] + ([delta] if delta else [])

    def narrative_paragraphs(self, text: str) -> list[str]:
        phrases = self.spec.get("page_breaks", []) if self.style.family == "seed" else []
        return page_split(text, self.style.page_splits, phrases, self.rng)

    # -- Markdown narrative (seed, markdown, html) -------------------------------------

    def markdown_narrative(self) -> list[str]:
        style, lines = self.style, []
        numbers = [0, 0, 0]
        for kind, text in narrative_blocks(self.spec):
            if kind == "paragraph":
                for part in self.narrative_paragraphs(self.footnoted(text)):
                    lines += (wrap(part, style.wrap, self.rng) if style.wrap else [part]) + [""]
                lines += self.maybe_placeholder(3, 0.1)
                if self.rng.random() < 0.15:
                    lines += self.page_marker(3 + self.images)
                continue
            level = {"section": 1, "heading": 2, "subheading": 3}[kind]
            numbers[level - 1] += 1
            numbers[level:] = [0] * (3 - level)
            if style.numbered:
                text = ".".join(str(n) for n in numbers[:level]) + ". " + text
            if style.family == "seed" and kind == "subheading" and text not in DEEP_SUBHEADINGS:
                level = 2  # the seed's converter: DRUGS as deep as CRIMINAL MARKETS
            lines += [self.mark(text, style.heading_mark, level), ""]
        return lines

    def closing_markdown(self) -> list[str]:
        note = CLOSING_FOOTNOTE[-1]
        if self.style.family != "seed" and self.rng.random() < 0.5:
            note = "_" + note.strip("*") + "_"
        notes = [f"[^{n}]: Source note {n}, as the report's page foot printed it." for n in
                 range(1, self.notes + 1)] if self.style.footnotes == "caret" else []
        return ["---", "", note] + ([""] + notes if notes else [])

    # -- other converters' noise: footnote marks, page markers ---------------------------

    def footnoted(self, text: str) -> str:
        """A footnote mark glued to a word now and then: [^1], ¹ or <sup>1</sup>."""
        kind = self.style.footnotes
        if kind == "none" or self.rng.random() > 0.25:
            return text
        words = text.split(" ")
        spots = [k for k, w in enumerate(words[:-1]) if w[-1:].isalpha() or w[-1:] in ".,"]
        if not spots:
            return text
        self.notes += 1
        n = self.notes
        mark = {"caret": f"[^{n}]", "sup": f"<sup>{n}</sup>",
                "unicode": "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(n))}[kind]
        k = self.rng.choice(spots)
        words[k] += mark
        return " ".join(words)

    def page_marker(self, page: int) -> list[str]:
        """What a converter writes where a page ends (markdown family)."""
        kind = self.style.page_marker
        if kind == "none":
            return []
        if kind == "span":
            return [f'<span id="page-{page}-0"></span>', ""]
        return [{"rule": "---", "marker": f"{{{page}}}" + "-" * 48, "pymupdf": "-----"}[kind], ""]

    # -- table forms ----------------------------------------------------------------------

    def table_forms(self, rows: list[list[str]]) -> list[list[list[str]]]:
        """One pillar's rows as the tables the style writes them in."""
        s = self.style
        if s.table_form == "transposed":  # labels across, scores and changes below
            tables, k = [], 0
            while k < len(rows):
                chunk = rows[k:k + self.rng.choice([4, 5, 8, 20])]
                k += len(chunk)
                width = max(len(r) for r in chunk)
                chunk = [r + [""] * (width - len(r)) for r in chunk]
                bands = [[r[j] for r in chunk] for j in range(width)]
                tables.append([b for b in bands if any(b)])
            return tables
        if s.table_form == "side_by_side":
            per = self.rng.choice([2, 2, 3])
            return [[sum((rows[k + j] for j in range(per) if k + j < len(rows)), [])
                     for k in range(0, len(rows), per)]]
        if s.table_form == "cards":
            per = self.rng.choice([2, 3, 4])
            sep = self.rng.choice(["<br>", "<br/>", "<br />"])

            def card(r: list[str]) -> str:
                numbers = " ".join(c for c in r[1:] if c)
                return f"{r[0]}{sep}{numbers}" if s.label_first else f"{numbers}{sep}{r[0]}"
            return [[[card(r) for r in rows[k:k + per]] for k in range(0, len(rows), per)]]
        return [rows]

    # -- seed family --------------------------------------------------------------------

    def seed(self) -> str:
        crim, res = self.spec["dimensions"]
        s = self.style
        lines = [" ", "", "", " ", "", "", f"# {self.country}", "", "", ""]
        lines += self.placeholder(1)
        lines += [cells.score_and_delta(s, crim, "  ") + "   ", f"**{crim['title']}**", ""]
        ranks = [self.rank_text(r) for r in crim["ranks"]]
        lines += [r + "   " for r in ranks[:-1]] + ranks[-1:] + ["", "", ""]
        for pillar in crim["pillars"]:
            lines += [f"**{pillar['label']}** {cells.score_and_delta(s, pillar, '  ')}", ""]
            lines += ["\t".join(self.row_cells(i["label"], i)) for i in pillar["indicators"]]
            lines += ["", "", ""]
        if s.furniture:
            lines += PAGE1_FUNDING + ["", "", ""]
        lines += [f"# {self.country}", "", "", "", " ", cells.score_and_delta(s, res, "  "), "",
                  f"## {res['title']}", ""]
        for rank in res["ranks"]:
            lines += [self.rank_text(rank), ""]
        lines += ["", ""]
        for pillar in res["pillars"]:
            lines += ["\t".join(self.row_cells(i["label"], i)) for i in pillar["indicators"]]
            lines += ["", "", ""]
        if s.furniture:
            lines += PAGE2_FUNDING + [""]
        lines += self.markdown_narrative()
        lines += CLOSING_FOOTNOTE if s.furniture else []
        return "\n".join(lines)

    # -- markdown family (pipe tables) ----------------------------------------------------

    def pipe_table(self, rows: list[list[str]], bold_first: bool) -> list[str]:
        s = self.style
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if bold_first and s.table_header != "first_row":
            rows[0] = [f"**{c}**" if c and i < 2 else c for i, c in enumerate(rows[0])]
        header = None
        if s.table_header == "words":
            header = (["Indicator", "Score", "Change", ""] if width == 4
                      else ["Indicator", "Score", "Change"][:width])
        elif s.table_header == "blank":
            header = [""] * width
        elif s.table_header == "first_row" or s.table_form == "transposed":
            header, rows = rows[0], rows[1:]
            if bold_first:
                header = [f"**{c}**" if c and i < 2 else c for i, c in enumerate(header)]
        body = ([header] if header else []) + rows
        cols = [max(3, *(len(r[i]) for r in body)) for i in range(width)]

        def line(r: list[str]) -> str:
            if s.table_align == "padded":
                return "| " + " | ".join(c.ljust(cols[i]) for i, c in enumerate(r)) + " |"
            return "| " + " | ".join(r) + " |"
        out = []
        if header is not None:
            out.append(line(header))
            if s.table_align == "colons":
                out.append("|" + "|".join([":---"] + ["---:"] * (width - 1)) + "|")
            elif s.table_align == "padded":
                out.append("|" + "|".join("-" * (c + 2) for c in cols) + "|")
            else:
                out.append("|" + "---|" * width)
        return out + [line(r) for r in rows]

    def headline(self, dim: dict, table) -> list[str]:
        s = self.style
        numbers = cells.score_and_delta(s, dim)
        if s.label_first and s.split_delta_cell:
            return table([self.row_cells(dim["title"], dim)], False) + [""]
        if s.label_first:
            return [self.mark(dim["title"], s.title_mark, 2) + s.label_sep + numbers, ""]
        return [numbers, self.mark(dim["title"], s.title_mark, 2), ""]

    def ranks_lines(self, dim: dict) -> list[str]:
        out = [self.bullet(self.rank_text(r, " "), n) for n, r in enumerate(dim["ranks"], 1)]
        return out + [""]

    def pillar_line(self, pillar: dict) -> list[str]:
        s = self.style
        text = self.mark(pillar["label"], s.title_mark, 3)
        sep = s.label_sep if s.label_first else " "
        return [text + sep + cells.score_and_delta(s, pillar), ""]

    def markdown(self) -> str:
        return self.tabled(self.pipe_table)

    def tabled(self, table) -> str:
        s = self.style
        crim, res = self.spec["dimensions"]
        lines: list[str] = []
        for page, dim in ((1, crim), (2, res)):
            lines += [self.mark(self.country, "#" if s.title_mark == "plain" else s.title_mark), ""]
            lines += self.placeholder(page)
            lines += self.headline(dim, table)
            lines += self.rank_block(dim, table)
            for pillar in dim["pillars"]:
                rows = [self.row_cells(i["label"], i) for i in pillar["indicators"]]
                in_table = pillar.get("score") is not None and s.pillar_in_table
                if pillar.get("score") is not None and not in_table:
                    lines += self.pillar_line(pillar)
                if in_table:
                    rows = [self.row_cells(pillar["label"], pillar)] + rows
                for part in self.table_forms(rows):
                    lines += table(part, in_table and s.table_form == "rows") + [""]
            if s.furniture:
                lines += self.maybe_placeholder(page, 0.7)
                lines += [x.rstrip() for x in (PAGE1_FUNDING if page == 1 else PAGE2_FUNDING)] + [""]
            lines += self.page_marker(page + 1)
        lines += self.markdown_narrative()
        if s.furniture:
            lines += self.closing_markdown()
        return "\n".join(lines)

    def rank_block(self, dim: dict, table) -> list[str]:
        if self.style.family == "html" and self.style.pillar_in_table:
            rows = [[cells.ordinal(self.style, r["text"]),
                     cells.rank_change_cell(self.style, r.get("change"))] for r in dim["ranks"]]
            return table([[c for c in r if c] for r in rows], False) + [""]
        return self.ranks_lines(dim)

    # -- html family (MinerU / docling tables inside Markdown) ----------------------------

    def cell_html(self, text: str) -> str:
        s = self.style
        sup = re.findall(r"<sup>\w+</sup>|<br\s*/?>", text)
        text = html.escape(text, quote=False)
        for tag in sup:
            text = text.replace(html.escape(tag, quote=False), tag)
        if s.html_entities:
            text = "".join(NAMED_ENTITIES.get(ch) or (f"&#{ord(ch)};" if ord(ch) > 0x2000 else ch)
                           for ch in text)
            text = re.sub(r"(?<=[↗↘→↑↓▲▼►;]) (?=\d)", "&nbsp;", text, count=1)
        if s.html_br and len(text) > 24 and not re.search(r"\d", text):
            words = text.split(" ")
            half = len(words) // 2
            text = " ".join(words[:half]) + self.rng.choice(["<br>", "<br/>", " <br>"]) + \
                " ".join(words[half:])
        return text

    def html_table(self, rows: list[list[str]], bold_first: bool) -> list[str]:
        s = self.style
        width = max(len(r) for r in rows)
        header = None
        if s.table_header == "words":
            header = ["Indicator", "Score", "Change", ""][:width]
        elif s.table_header == "first_row":
            header, rows = rows[0], rows[1:]
            header_bold, bold_first = bold_first, False

        def tr(r: list[str], tag: str, bold: bool = False) -> str:
            cells_ = [self.cell_html(c) for c in r]
            if bold:
                cells_ = [f"<b>{c}</b>" if c and i < 2 else c for i, c in enumerate(cells_)]
            sep = "\n    " if s.html_pretty else ""
            inner = sep.join(f"<{tag}>{c}</{tag}>" for c in cells_)
            return f"  <tr>{sep}{inner}\n  </tr>" if s.html_pretty else f"<tr>{inner}</tr>"
        parts = []
        if header is not None:
            head = tr(header, "th", s.table_header == "first_row" and header_bold)
            parts.append(f"<thead>{head}</thead>" if not s.html_pretty else
                         f"<thead>\n{head}\n</thead>")
        parts += [tr(r, "td", bold_first and i == 0) for i, r in enumerate(rows)]
        if s.html_pretty:
            return ["<table>"] + "\n".join(parts).split("\n") + ["</table>"]
        return ["<table>" + "".join(parts) + "</table>"]

    def html(self) -> str:
        return self.tabled(self.html_table)

    # -- whole documents in other markups (htmldoc, latex, lightmarkup) -----------------------

    def htmldoc(self) -> str:
        """A whole HTML document, as converters that write HTML emit it."""
        s = self.style
        out = ["<!DOCTYPE html>", "<html>",
               f'<head><meta charset="utf-8"><title>{self.country}</title></head>', "<body>"]
        for block in re.split(r"\n[ \t]*\n", self.tabled(self.html_table)):
            block = block.strip("\n")
            if not block.strip():
                continue
            lines = block.split("\n")
            heading = re.fullmatch(r"(#{1,6}) (.+)", block)
            if block.lstrip().startswith(("<table", "<!--")):
                out.append(block)
            elif heading:
                n = len(heading.group(1))
                out.append(f"<h{n}>{self.html_text(heading.group(2))}</h{n}>")
            elif block.strip() in ("---", "***"):
                out.append("<hr>")
            elif block.startswith("!["):
                out.append(f'<img src="{block[block.index("(") + 1:-1]}" alt="">')
            elif all(re.match(r"(?:[-*•]|\d+\.) ", x) for x in lines):
                items = [f"<li>{self.html_text(re.sub(r'^(?:[-*•]|[0-9]+[.]) ', '', x))}</li>"
                         for x in lines]
                out.append("<ul>" + ("\n" if s.html_pretty else "").join(items) + "</ul>")
            else:
                body = "<br>\n".join(self.html_text(x) for x in lines)
                out.append(f"<p>{body}</p>")
        out += ["</body>", "</html>", ""]
        return ("\n\n" if s.html_pretty else "\n").join(out)

    def html_text(self, text: str) -> str:
        """Running text in HTML: escaped, bold and emphasis as tags, <sup> kept."""
        tags = re.findall(r"</?sup>", text)
        text = html.escape(text, quote=False)
        for tag in tags:
            text = text.replace(html.escape(tag, quote=False), tag, 1)
        text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: f"<b>{m.group(1) or m.group(2)}</b>", text)
        text = re.sub(r"^_(.+)_$", r"<em>\1</em>", text)
        if self.style.html_entities:
            text = text.replace("–", "&ndash;").replace("’", "&rsquo;").replace("—", "&mdash;")
        return text

    def latex_table(self, rows: list[list[str]], bold_first: bool) -> list[str]:
        width = max(len(r) for r in rows)
        out = ["\\begin{tabular}{|" + "|".join(["l"] + ["c"] * (width - 1)) + "|}", "\\hline"]
        for k, r in enumerate(rows):
            r = [c.replace("&", "\\&") for c in r] + [""] * (width - len(r))
            if bold_first and k == 0:
                r = [f"\\textbf{{{c}}}" if c and i < 2 else c for i, c in enumerate(r)]
            out.append(" & ".join(r) + " \\\\")
            out.append("\\hline")
        return out + ["\\end{tabular}"]

    def latex(self) -> str:
        """Mathpix: sectioning commands, \\textbf, tabular rows, math arrows."""
        commands = {1: "section", 2: "subsection", 3: "subsubsection"}
        out = ["\\documentclass[10pt]{article}", "\\usepackage{amsmath}", "\\begin{document}", ""]
        in_table = in_list = False
        for line in self.tabled(self.latex_table).split("\n"):
            if line.startswith("\\begin{tabular"):
                in_table = True
            if in_table:
                out.append(line)
                in_table = not line.startswith("\\end{tabular")
                continue
            bullet = re.match(r"(?:[-*•]|\d+\.) (.+)", line)
            if bullet and not in_list:
                out.append("\\begin{itemize}")
                in_list = True
            elif in_list and not bullet:
                out.append("\\end{itemize}")
                in_list = False
            heading = re.fullmatch(r"(#{1,6}) (.+)", line)
            text = line if heading is None else heading.group(2)
            text = text.replace("&", "\\&").replace("%", "\\%")
            text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: f"\\textbf{{{m.group(1) or m.group(2)}}}",
                          text)
            text = re.sub(r"^_(.+)_$", r"\\textit{\1}", text)
            if heading:
                text = f"\\{commands[min(3, len(heading.group(1)))]}*{{{text}}}"
            elif bullet:
                text = "\\item " + text[bullet.start(1):]
            out.append(text)
        if in_list:
            out.append("\\end{itemize}")
        return "\n".join(out + ["", "\\end{document}", ""])

    def lightmarkup(self) -> str:
        """setext, reStructuredText, AsciiDoc or Org-mode: headings and tables in their syntax."""
        s = self.style
        style = s.heading_style
        out: list[str] = []
        if style == "org":
            out += [f"#+TITLE: {self.country}", "#+OPTIONS: toc:nil", ""]
        lines = self.tabled(self.pipe_table).split("\n")
        k = 0
        while k < len(lines):
            line = lines[k]
            if line.startswith("|"):  # a table: in the markup's own form
                end = k
                while end < len(lines) and lines[end].startswith("|"):
                    end += 1
                out += self.light_table(lines[k:end])
                k = end
                continue
            k += 1
            if style in ("org", "asciidoc"):
                line = re.sub(r"\*\*(.+?)\*\*", r"*\1*", line)
                if style == "org" and line.startswith("* "):
                    line = "- " + line[2:]
            heading = re.fullmatch(r"(#{1,6}) (.+)", line)
            if not heading:
                out.append(line)
                continue
            n, title = len(heading.group(1)), heading.group(2)
            if style in ("setext", "rst") and out and out[-1].strip():
                out.append("")
            if style == "setext":
                out += [title, ("=" if n == 1 else "-") * len(title)] if n < 3 else [line]
            elif style == "rst":
                rule = "=-~^"[min(n, 4) - 1] * len(title)
                out += [rule, title, rule] if n == 1 else [title, rule]
            elif style == "asciidoc":
                out.append("=" * (n + 1) + " " + title)
                if n == 1 and len(out) == 1:
                    out += [":doctype: article", ":toc!:"]
            else:
                out.append("*" * n + " " + title)
            if k < len(lines) and lines[k].strip() and style in ("setext", "rst"):
                out.append("")
        return "\n".join(out)

    def light_table(self, rows: list[str]) -> list[str]:
        style = self.style.heading_style
        body = [r for r in rows if "-" not in r or not re.fullmatch(r"\|[-:|\s]+\|?", r)]
        header = len(body) < len(rows)
        width = body[0].count("|") - 1 if body else 1
        if style == "rst":
            border = "+" + "+".join(["---"] * width) + "+"
            out = [border]
            for r in body:
                out += [r, border]
            return out
        if style == "asciidoc":
            # AsciiDoc rows need no closing pipe: most converters leave it off.
            return ["|==="] + [r[:-2].rstrip() if r.endswith(" |") and self.rng.random() < 0.7
                               else r for r in body] + ["|==="]
        if style == "org" and header:
            return [rows[0], "|" + "+".join(["---"] * width) + "|"] + body[1:]
        return rows

    # -- plain-text families ------------------------------------------------------------

    def text_narrative(self) -> list[str]:
        """Headings as plain lines; paragraphs hard-wrapped, blank lines only sometimes."""
        s, out = self.style, []
        width = s.wrap
        for kind, text in narrative_blocks(self.spec):
            if kind != "paragraph":
                if out and out[-1] != "" and self.rng.random() < 0.7:
                    out.append("")
                out.append(text)
                if self.rng.random() < 0.5:
                    out.append("")
                continue
            if s.ligatures:
                text = text.replace("fi", "\ufb01").replace("fl", "\ufb02")
            lines = (wrap(text, width, self.rng, s.hyphenate, s.break_compounds, s.proportional)
                     if width else [text])
            out += lines
            # A paragraph ends with a blank line, or (sometimes) only with a short last line.
            short = width and len(lines[-1]) < 0.7 * width
            if not short or self.rng.random() < s.blank_between:
                out.append("")
        return out

    def closing_text(self) -> list[str]:
        note = CLOSING_FOOTNOTE[-1].strip("*")
        s = self.style
        return ["", *(wrap(note, s.wrap, self.rng, proportional=s.proportional) if s.wrap
                      else [note])]

    def running_head(self) -> str:
        head = f"{self.country} · GLOBAL ORGANIZED CRIME INDEX {self.edition}"
        return head.center(self.style.wrap or 80).rstrip() if self.style.noise_seed % 2 else head

    def footer(self, page: int) -> str:
        text = f"Page {page}"
        return text.rjust(self.style.wrap or 80) if self.style.noise_seed % 3 == 0 else text

    def paginate(self, pages: list[list[str]]) -> str:
        s = self.style
        out = []
        for n, page in enumerate(pages, 1):
            lines = list(page)
            if s.running_head and s.glued_head and lines and lines[0].strip():
                # pdftotext with no line break after the head, on the page's first line
                # (where a paragraph ended with the page before, its blank line stays)
                glue = " " if s.glued_head == "space" else ""
                lines = [self.running_head().strip() + glue + lines[0]] + lines[1:] + \
                    ["", self.footer(n)]
            elif s.running_head:
                lines = [self.running_head(), ""] + lines + ["", self.footer(n)]
            out.append("\n".join(lines))
        # Without form feeds a page ends where the next begins: no blank line added, which
        # would cut a paragraph running over the page in two.
        return ("\n\f" if s.form_feeds else "\n").join(out) + ("\n\f" if s.form_feeds else "\n")

    def narrative_pages(self, tail: list[str]) -> list[list[str]]:
        lines = self.text_narrative() + tail
        size = self.style.page_lines or len(lines)
        return [lines[i:i + size] for i in range(0, len(lines), size)]

    def columns(self, left: str, *rest: str, col: int) -> str:
        gap = " " * self.style.pad
        out = left.ljust(col - self.style.pad) + gap if rest else left
        extra = [r for r in rest if r]
        return out + gap.join(extra) if extra else left

    def pdftotext(self) -> str:
        s = self.style
        crim, res = self.spec["dimensions"]
        labels = [i["label"] for d in (crim, res) for p in d["pillars"] for i in p["indicators"]]
        col = max(len(x) for x in labels) + s.pad + self.rng.randint(0, 8)
        pages = []
        for page, dim in ((1, crim), (2, res)):
            lines = [self.country, ""]
            delta = cells.delta_cell(s, dim)
            if s.label_first:
                headline = [self.columns(dim["title"], dim["score"], delta, col=col)]
            else:
                headline = [dim["score"] + s.label_sep + delta if delta else dim["score"], dim["title"]]
            rank_col = max(len(cells.ordinal(s, r["text"])) for r in dim["ranks"]) + s.pad + 4
            ranks = [self.columns(cells.ordinal(s, r["text"]),
                                  cells.rank_change_cell(s, r.get("change")), col=rank_col)
                     for r in dim["ranks"]]
            if s.side_by_side:  # -layout puts the rank block beside the headline block
                left = max(len(x) for x in headline) + s.pad + 6
                headline += [""] * (len(ranks) - len(headline))
                lines += [(h.ljust(left) + r).rstrip() for h, r in zip(headline, ranks)]
            else:
                lines += headline + [""] + ranks
            lines.append("")
            for pillar in dim["pillars"]:
                if pillar.get("score") is not None:
                    lines += ["", self.columns(pillar["label"], pillar["score"],
                                               cells.delta_cell(s, pillar), col=col), ""]
                for i in pillar["indicators"]:
                    label, rest = i["label"], ""
                    if s.wrap_labels and len(label) > 28:
                        cut = label.rfind(" ", 0, 28)
                        label, rest = label[:cut], label[cut + 1:]
                    lines.append(self.columns(label, i["score"], cells.delta_cell(s, i), col=col))
                    if rest:
                        lines.append(rest)
            if s.furniture:
                lines.append("")
                for notice in filter(None, PAGE2_FUNDING):
                    lines += wrap(notice, s.wrap, self.rng, proportional=s.proportional) + [""]
            pages.append(lines)
        tail = self.closing_text() if s.furniture else []
        return self.paginate(pages + self.narrative_pages(tail))

    def copypaste(self) -> str:
        s = self.style
        crim, res = self.spec["dimensions"]
        sep = "\n" if s.one_cell_per_line else " "

        def numbers(entry: dict) -> str:
            return cells.score_and_delta(s, entry, sep)

        def labelled(label: str, entry: dict, below: bool) -> list[str]:
            return (numbers(entry) + "\n" + label if below else label + "\n" + numbers(entry)).split("\n")
        pages = []
        for dim in (crim, res):
            lines = [self.country]
            lines += labelled(dim["title"], dim, not s.label_first)
            for r in dim["ranks"]:
                lines += self.rank_text(r, sep).split("\n")
            for pillar in dim["pillars"]:
                if pillar.get("score") is not None:
                    lines += labelled(pillar["label"], pillar, s.label_below)
                for i in pillar["indicators"]:
                    lines += labelled(i["label"], i, s.label_below)
            if s.furniture:
                lines += [x for x in PAGE2_FUNDING if x]
            pages.append(lines)
        tail = self.closing_text() if s.furniture else []
        return self.paginate(pages + self.narrative_pages(tail))

    # -- noise ----------------------------------------------------------------------------

    def scatter(self, text: str) -> str:
        """Non-breaking and zero-width spaces, trailing spaces: never inside tags or $...$."""
        s, rng = self.style, self.rng
        if not (s.nbsp or s.zwsp or s.trailing_spaces):
            return text
        out = []
        for line in text.split("\n"):
            if s.nbsp and rng.random() < 0.15:
                line = self._replace_space(line, "\u00a0")
            if s.zwsp and rng.random() < 0.1:
                line = self._replace_space(line, " \u200b") if rng.random() < 0.7 else line + "\u200b"
            if s.trailing_spaces and line.strip() and rng.random() < 0.2 and "\f" not in line:
                line += rng.choice([" ", "  ", "   "])
            out.append(line)
        return "\n".join(out)

    def _replace_space(self, line: str, by: str) -> str:
        spots = [p for p in range(4, len(line) - 1)
                 if line[p] == " " and line[p - 1] != " " and line[p + 1] != " "
                 and line.rfind("<", 0, p) <= line.rfind(">", 0, p)
                 and line.count("$", 0, p) % 2 == 0
                 and not line.lstrip().startswith(("#", "-", "*", "•", "<", "!["))]
        if not spots:
            return line
        p = self.rng.choice(spots)
        return line[:p] + by + line[p + 1:]


def encode(text: str, style: Style) -> bytes:
    """The file's bytes: in the style's encoding when every character has a code there."""
    try:
        return text.encode(style.encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def spec_to_converted(spec: dict, style: Style) -> str:
    """The text a converter of this style would write for the spec's profile."""
    writer = Writer(spec, style)
    text = getattr(writer, style.family)()
    text = writer.scatter(text)
    if style.crlf:
        text = text.replace("\n", "\r\n")
    if style.bom:
        text = "\ufeff" + text
    return text
