"""Other converters' document markup into the rows the text reader reads.

Converters write headings, paragraphs and tables in their own syntax: a
whole HTML document (`<h2>`, `<p>`, `<ul><li>`, `<table>`), LaTeX from
Mathpix (`\\section*{CRIMINALITY}`, `\\begin{tabular}` rows of `&` cells),
setext and reStructuredText underlines, AsciiDoc `== Heading`, Org-mode
`* Heading`, marker's page markers. Each becomes what the Markdown reader
already knows: a `#` heading, a paragraph line, a pipe-table row or a rule
(`---`) where a page ended. Physical lines keep their numbers.
"""

from __future__ import annotations

import re

from ..records import Line
from .rows import CELL_EDGES, TableParser, cells_to_lines, is_blank, plain

# A whole HTML document opens with a tag (not a comment) and closes paragraphs or headings.
HTML_START_RE = re.compile(r"\s*<(?:!doctype|html|head|body|div|section|article|main|h[1-6]|p)\b",
                           re.IGNORECASE)
HTML_BLOCK_RE = re.compile(r"</(?:p|h[1-6]|div|li|td)\s*>|<br\b", re.IGNORECASE)
ORG_RE = re.compile(r"#\+[A-Za-z_]+:|\*{2,} \S")

# --- LaTeX -----------------------------------------------------------------------

LATEX_HEADING_RE = re.compile(
    r"\s*\\(title|chapter|section|subsection|subsubsection|paragraph)\*?\s*\{(.*)\}\s*$")
LATEX_LEVELS = {"title": 1, "chapter": 1, "section": 1, "subsection": 2, "subsubsection": 3,
                "paragraph": 3}
# Lines of structure alone: environments, rules, preamble.
LATEX_STRUCTURE_RE = re.compile(
    r"\s*(?:\\(?:begin|end|documentclass|usepackage|hline|toprule|midrule|bottomrule|cline"
    r"|maketitle|centering|newpage|clearpage|pagebreak|caption|label|vspace|hspace|author|date"
    r"|captionsetup|setlength|renewcommand)\*?(?:\s*(?:\{[^{}]*\}|\[[^\]]*\]))*\s*)+$|\s*%")
LATEX_FOOTNOTE_RE = re.compile(r"\\footnote(?:mark|text)?\s*(?:\[[^\]]*\])?\s*(?:\{[^{}]*\})?")
LATEX_MULTICOLUMN_RE = re.compile(r"\\multi(?:column|row)\{[^{}]*\}\{[^{}]*\}\{([^{}]*)\}")
LATEX_PREFIX_RE = re.compile(r"\\(?:noindent|hline|par|indent|item)\b\s*")
CELL_SPLIT_RE = re.compile(r"(?<!\\)&")
TRAILING_BREAK_RE = re.compile(r"\s*\\\\(?:\s*\\hline)?\s*$")


def latex_line(raw: str, in_table: bool) -> str:
    """One line of Mathpix LaTeX as Markdown: a heading, a pipe row, a bullet, or text."""
    heading = LATEX_HEADING_RE.match(raw)
    if heading:
        return "#" * LATEX_LEVELS[heading.group(1)] + " " + heading.group(2)
    if LATEX_STRUCTURE_RE.match(raw):
        return ""
    text = raw
    if "\\footnote" in text:
        text = LATEX_FOOTNOTE_RE.sub("", text)
    if "\\multi" in text:
        text = LATEX_MULTICOLUMN_RE.sub(r"\1", text)
    item = text.lstrip().startswith("\\item")
    text = LATEX_PREFIX_RE.sub("", text.strip())
    if in_table or ("&" in text and text.endswith("\\\\")):
        cells = [c.strip() for c in CELL_SPLIT_RE.split(TRAILING_BREAK_RE.sub("", text))]
        return "| " + " | ".join(cells) + " |" if any(cells) else ""
    text = TRAILING_BREAK_RE.sub("", text)
    return "- " + text if item else text


def latex_to_lines(lines: list[Line]) -> list[Line]:
    out = []
    in_table = False
    for line in lines:
        raw = line.raw
        if "\\begin{tabular" in raw or "\\begin{array" in raw:
            in_table = True
        elif "\\end{tabular" in raw or "\\end{array" in raw:
            in_table = False
            out.append(line._replace(raw=""))
            continue
        out.append(line._replace(raw=latex_line(raw, in_table)))
    return out


# --- HTML documents --------------------------------------------------------------

def html_to_lines(lines: list[Line]) -> list[Line]:
    """A whole HTML document: headings, paragraphs and list items as Markdown lines,
    each table's rows as rows of cells."""
    parser = TableParser(blocks=True)
    parser.feed("\n".join(line.raw for line in lines))
    parser.close()
    out: list[Line] = []
    table: list[tuple[Line, list[str]]] = []
    table_no = None

    def flush() -> None:
        if table:
            out.extend(cells_to_lines(table))
            out.append(table[-1][0]._replace(raw=""))
            table.clear()

    soft = parser.soft if not blocks_are_lines(parser.rows) else set(range(len(parser.rows)))
    for k, (start, _stop, cells, mark, in_table) in enumerate(parser.rows):
        physical = lines[min(start[0], len(lines)) - 1]
        if in_table is not None:
            if in_table != table_no:
                flush()
                table_no = in_table
            table.append((physical._replace(raw=" ".join(cells)), cells))
            continue
        flush()
        table_no = None
        out.append(Line(physical.line_no, physical.page, mark + cells[0]))
        if k not in soft or mark.startswith("#"):  # a block ends with a blank line; a <br> a line
            out.append(Line(physical.line_no, physical.page, ""))
    flush()
    return out


SENTENCE_END_RE = re.compile(r"[.!?:;][\"”’')\]]*$")


def blocks_are_lines(rows) -> bool:
    """Whether a document's paragraphs are the PDF's lines (pdftohtml and pdf2htmlEX set
    each line in a `<p>` or `<div>` of its own): many a block stops mid-sentence and the
    next goes on with it. Then the lines are read as a hard-wrapped text is."""
    text = [cells[0] for _, _, cells, mark, table in rows if table is None and not mark]
    going_on = sum(1 for a, b in zip(text, text[1:])
                   if len(a) >= 30 and b[:1].islower() and not SENTENCE_END_RE.search(a))
    return going_on >= 5 and going_on >= 0.3 * len(text)


# --- lighter markups: setext, reStructuredText, AsciiDoc, Org, marker ---------------

UNDERLINE_RE = re.compile(r"\s*([=\-~^*#+'\"`:._])\1{2,}\s*$")
GRID_BORDER_RE = re.compile(r"\s*\+(?:[-=:]+\+)+\s*$")
SIMPLE_TABLE_BORDER_RE = re.compile(r"\s*=+(?: +=+)+\s*$")
ASCIIDOC_HEADING_RE = re.compile(r"(={1,6})\s+(\S.*)$")
ASCIIDOC_NOISE_RE = re.compile(r"\|={3,}\s*$|:[A-Za-z][\w-]*:(?:\s.*)?$|\[[^\]\d][^\]]*\]\s*$")
ORG_HEADING_RE = re.compile(r"(\*+)\s+(\S.*)$")
ORG_KEYWORD_RE = re.compile(r"#\+(\w+):?\s*(.*)$")
ORG_DRAWER_RE = re.compile(r":[A-Za-z]+:(?:\s.*)?$")
# marker: "{3}------------------------------------------------" where page 3 begins.
PAGE_MARKER_RE = re.compile(r"\s*\{\d+\}-{3,}\s*$")
ANCHOR_RE = re.compile(r"<(?:span|a)\s+(?:id|name)=\"?[\w.:-]*\"?\s*>\s*</(?:span|a)>", re.IGNORECASE)
FOOTNOTE_DEFINITION_RE = re.compile(r"\s*\[\^[^\]\s]+\]:")
OPENING_MARKS = frozenset("=-~^*#+'\"`:._|[{<\\")


def light_markup_to_lines(lines: list[Line], org: bool, found: list[int]) -> list[Line]:
    """Underlined and `=`/`*`-marked headings as `#` headings; borders, attributes
    and page markers set aside (a page marker as the rule `---`).

    Called on every text: each line costs a look at its first character.
    """
    raws = [line.raw for line in lines]
    changed = False
    adoc_table = False  # inside AsciiDoc's |=== ... |===, where "| 3.00" is a row
    for i in found:  # the lines that open with a mark (most are prose or pipe rows)
        raw = raws[i]
        if raw[0] == "#" and not org or raw[0] == "\\":
            continue
        if adoc_table and raw[0] == "|" and not raw.startswith("|="):
            if not raw.rstrip(CELL_EDGES).endswith("|"):
                raws[i] = raw.rstrip() + " |"
                changed = True
            continue
        if raw[0] == "<":
            if "<span" in raw or "<a " in raw:
                raws[i] = ANCHOR_RE.sub("", raw)
                changed = True
            continue
        start = raw[0]
        if start == "|" and not raw.startswith("|="):
            continue
        raw = plain(raw)
        stripped = raw.strip()
        before = raws[i]
        if UNDERLINE_RE.match(raw):
            char = stripped[0]
            above = plain(raws[i - 1]).strip() if i else ""
            over = i >= 2 and plain(raws[i - 2]).strip()[:1] == char \
                and UNDERLINE_RE.match(plain(raws[i - 2]))
            if above and len(above) <= 80 and not UNDERLINE_RE.match(above) \
                    and "|" not in above and (i < 2 or is_blank(raws[i - 2]) or over):
                level = 1 if char == "=" else 2 if char == "-" else 3
                raws[i - 1] = "#" * level + " " + above.lstrip("#").strip()
                raws[i] = ""
                if over:
                    raws[i - 2] = ""
            elif char not in "-*_":  # a border or a stray underline; "---" is a rule
                raws[i] = ""
        elif start == "*":
            if org and (m := ORG_HEADING_RE.match(raw)):
                raws[i] = "#" * min(6, len(m.group(1))) + " " + m.group(2)
        elif start == "{" and PAGE_MARKER_RE.match(raw):
            raws[i] = "---"
        elif start == "+" and GRID_BORDER_RE.match(raw):
            raws[i] = "|" + "|".join("---" for _ in range(stripped.count("+") - 1)) + "|"
        elif start == "=" and SIMPLE_TABLE_BORDER_RE.match(raw) or \
                start == "[" and FOOTNOTE_DEFINITION_RE.match(raw):
            raws[i] = ""
        elif start == "=" and (m := ASCIIDOC_HEADING_RE.match(stripped)):
            raws[i] = "#" * len(m.group(1)) + " " + m.group(2)
        elif start in "|:[" and ASCIIDOC_NOISE_RE.match(stripped):
            adoc_table = adoc_table != stripped.startswith("|=")
            raws[i] = ""
        elif org and start == "#" and (m := ORG_KEYWORD_RE.match(stripped)):
            raws[i] = "# " + m.group(2) if m.group(1).lower() == "title" else ""
        elif org and start == ":" and ORG_DRAWER_RE.match(stripped):
            raws[i] = ""
        changed = changed or raws[i] != before or i and raws[i - 1] != lines[i - 1].raw
    if not changed:
        return lines
    return [line if line.raw == raw else line._replace(raw=raw) for line, raw in zip(lines, raws)]


LATEX_LINE_RE = re.compile(r"\\(?:(?:sub)*section\*?\{|begin\{(?:document|tabular)|title\{)")


def markup_to_lines(lines: list[Line], text: str) -> list[Line]:
    """Read another converter's markup as Markdown lines; most texts pass unchanged.

    A report is some 30,000 characters: each search of the whole text costs
    as much as a look at every line's first character, so the markups are
    told apart by how their lines open.
    """
    if "<" in text and HTML_START_RE.match(text) and HTML_BLOCK_RE.search(text):
        return html_to_lines(lines)
    found = [i for i, line in enumerate(lines) if line.raw[:1] in OPENING_MARKS]
    if not found:
        return lines
    if any(lines[i].raw[0] == "\\" and LATEX_LINE_RE.match(lines[i].raw) for i in found):
        lines = latex_to_lines(lines)
        found = [i for i, line in enumerate(lines) if line.raw[:1] in OPENING_MARKS]
    # Org-mode: `#+TITLE:` keywords, or headings two stars deep, which Markdown never writes.
    org = any(lines[i].raw.startswith(("#+", "** ")) and ORG_RE.match(lines[i].raw) for i in found)
    return light_markup_to_lines(lines, org, found)
