"""Rows of cells in converted text: Markdown pipe tables, HTML tables, tab and gap rows.

Converters write a score page's rows in whichever table form they favour:
`| HUMAN TRAFFICKING | 5.00 | 0.00 |`, `<tr><td>HUMAN TRAFFICKING</td>...`,
`HUMAN TRAFFICKING<TAB>4.50<TAB>0.00`, or (pdftotext's layout mode) words
set apart by runs of spaces. Each row becomes one Line whose cells are
the row's pieces as printed; a line of running text has no cells.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..catalogue.data import ARROW_GLYPHS
from ..records import Cell, Line

MAX_ROW = 300  # characters: a longer line (outside an HTML table) is prose
MAX_TABLE_ROW = 4000  # a pipe row, though: a table in column order has every label in one
# A tab, or a run of two or more spaces, sets cells apart.
GAP_RE = re.compile(r"[ \u00a0]*\t[ \t\u00a0]*| {2,}")
# `|---|:---:|` below a pipe table's header row.
SEPARATOR_CELL_RE = re.compile(r":?-{1,}:?|:?={1,}:?|\+?(?:-+\+)+-*")
# A header row a converter adds over a score table: column names, not content.
COLUMN_NAME_RE = re.compile(
    r"(?:indicators?|scores?|changes?|delta|rank(?:ing)?s?|labels?|pillars?|names?|values?"
    r"|trends?|directions?|arrows?|category|categories|types?|items?|description|since"
    r"|previous|editions?|years?|the|of|in|from|vs\.?|and|no\.?|#|col(?:umn)?\s*\d*"
    r"|unnamed:?\s*\d*|\d{4}|[-–/()\s])+",
    re.IGNORECASE,
)
ARROW_CHARS = "".join(ARROW_GLYPHS) + "↗↘→"
# What a value cell holds once its arrows and markup are set aside: a score,
# a delta, a rank change, n/a or a dash for none.
VALUE_RE = re.compile(
    r"[+\-−–]?\s*(?:\d{1,2}[.,]\d{1,2}|\d{1,3}(?:st|nd|rd|th)?)|n\s*/\s*a|[-–—=]|"
    r"(?:up|down|no change|unchanged|same)(?:\s+[+\-]?\d{1,2}(?:[.,]\d{1,2})?)?",
    re.IGNORECASE,
)
LATEX_MACRO_RE = re.compile(r"\\[A-Za-z]+|<sup>\s*\w*\s*</sup>|\^\{?\w*\}?")
ARROW_RE = re.compile(f"[{re.escape(ARROW_CHARS)}]")


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")


def plain(raw: str) -> str:
    """The text without zero-width spaces, which a converter may leave anywhere: as
    printed, they take no column and end no sentence."""
    return raw if raw.isascii() else ZERO_WIDTH_RE.sub("", raw)


def is_blank(raw: str) -> bool:
    """Nothing printed: spaces, or a zero-width space a converter left alone on a line."""
    return not raw or raw.isspace() or not raw.isascii() and not plain(raw).strip()


def is_value_cell(piece: str) -> bool:
    """A score, delta, arrow, rank change or n/a alone: what sets a table row apart from prose."""
    p = plain(piece).strip(" *_$`")
    if not p or len(p) > 40:
        return False
    if VALUE_RE.fullmatch(p):  # most cells: a bare number
        return True
    if "\\" in p or "<" in p or "^" in p:
        p = LATEX_MACRO_RE.sub(" ", p)
    p, arrows = ARROW_RE.subn(" ", p)
    p = p.strip(" *_$`{}")
    return (not p and arrows > 0) or bool(VALUE_RE.fullmatch(p))


def is_balanced(piece: str) -> bool:
    """No math or bold mark opened in one piece and closed in the next."""
    return piece.count("$") % 2 == 0 and piece.count("**") % 2 == 0 and piece.count("__") % 2 == 0


def gap_row_cells(raw: str) -> tuple[Cell, ...]:
    """Cells of a tab- or space-separated row; () where the line is running text.

    A double space also follows a full stop in prose, and pdftotext's layout
    mode justifies prose with runs of spaces: split only where a piece at
    either end of the line is a value (a number, an arrow, n/a).
    """
    stripped = raw.strip()
    if "  " in stripped or "\u00a0" in stripped:
        pieces = GAP_RE.split(stripped)
    else:  # tabs alone, as most converters write a row
        pieces = [p.strip() for p in stripped.split("\t")]
    if len(pieces) < 2 or not (is_value_cell(pieces[-1]) or is_value_cell(pieces[0])):
        return ()
    if ("$" in raw or "**" in raw or "__" in raw) and not all(map(is_balanced, pieces)):
        return ()
    return tuple([Cell(p) for p in pieces if p])


# Spaces a cell's edges may carry, zero-width ones among them (nothing printed).
CELL_EDGES = " \t\n\r\u00a0" + ZERO_WIDTH


def split_pipe_row(row: str) -> list[str]:
    """The pieces between a row's pipes; `\\|` is a pipe inside a cell."""
    if "\\|" in row:
        pieces = [p.replace("\0", "|") for p in row.replace("\\|", "\0").split("|")]
    else:
        pieces = row.split("|")
    if pieces and not pieces[0].strip(CELL_EDGES):
        pieces = pieces[1:]
    if pieces and not pieces[-1].strip(CELL_EDGES):
        pieces = pieces[:-1]
    return [p.strip(CELL_EDGES) for p in pieces]


def is_pipe_row(raw: str) -> bool:
    s = raw.lstrip()
    return s.startswith("|") and s.count("|") >= 2


def is_column_header(cells: list[str]) -> bool:
    """`| Indicator | Score | Change |`: names of columns, no content."""
    return all(COLUMN_NAME_RE.fullmatch(c) for c in cells if c) and any(cells)


def pipe_row_cells(raw: str) -> tuple[Cell, ...]:
    """Cells of a Markdown pipe-table row; () for separator and header rows."""
    pieces = pipe_rows(raw)
    if pieces is None or is_column_header(pieces):
        return ()
    return tuple(Cell(p) for p in pieces if p)


# --- HTML tables -----------------------------------------------------------------

TABLE_OPEN_RE = re.compile(r"<table\b", re.IGNORECASE)
TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.IGNORECASE)


class TableParser(HTMLParser):
    """Collect the rows of HTML tables: each `<tr>` a row, each `<td>`/`<th>` a cell.

    Text inside a table but in no cell (a caption) is a row of its own. With
    `blocks` (a whole HTML document) each heading, paragraph and list item is
    one too, marked as Markdown would (`## `, `- `). A `<sup>` of digits after
    a word is a footnote mark, dropped; one of letters is an ordinal's suffix.
    """

    def __init__(self, blocks: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        # (start, stop, cells, mark, table number or None for a block outside tables)
        self.rows: list[tuple[tuple[int, int], tuple[int, int], list[str], str, int | None]] = []
        self.blocks = blocks
        self.row: list[str] | None = None
        self.row_start = (1, 0)
        self.cell: list[str] | None = None
        self.loose: list[str] = []
        self.loose_start = (1, 0)
        self.mark = ""
        self.tables = 0  # tables opened so far
        self.depth = 0  # tables open now
        self.sup: list[str] | None = None
        self.soft: set[int] = set()  # rows a <br> ended: the block goes on after them
        self.skip = 0  # inside <head>, <script>, <style>

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.end_row()
            self.start_row()
        elif tag in ("td", "th"):
            self.end_cell()
            if self.row is None:
                self.start_row()
            self.cell = []
        elif tag == "br":
            self.line_break()
        elif tag == "sup":
            self.sup = []
        elif tag == "table":
            self.end_loose()
            self.tables += 1
            self.depth += 1
        elif tag in BLOCK_TAGS:
            self.end_loose()
            if self.blocks:
                self.mark = BLOCK_MARKS.get(tag, "")
        elif tag in SKIPPED_TAGS:
            self.skip += 1
        elif tag == "hr" and self.blocks and not self.depth:
            self.end_loose()
            self.rows.append((self.getpos(), self.getpos(), ["---"], "", None))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.line_break()
        elif tag != "sup":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.end_cell()
        elif tag in ("tr", "table"):
            self.end_row()
            self.end_loose()
            if tag == "table":
                self.depth = max(0, self.depth - 1)
        elif tag == "sup":
            text = "".join(self.sup or ())
            self.sup = None
            if not text.strip().isdigit():
                self.data(text.strip())
        elif tag in BLOCK_TAGS:
            self.end_loose()
        elif tag in SKIPPED_TAGS:
            self.skip = max(0, self.skip - 1)

    def line_break(self) -> None:
        """`<br>`: a space in a cell or a table's caption; in a document's text, where a
        line ends (pdftohtml writes whole pages as lines ended by `<br/>`)."""
        if self.blocks and self.cell is None and not self.depth and self.loose:
            mark = self.mark
            self.end_loose()
            self.soft.add(len(self.rows) - 1)
            self.mark = "" if mark.startswith("#") else mark and "  "
        elif self.blocks and self.cell is None and not self.depth and self.rows:
            self.soft.discard(len(self.rows) - 1)  # a second <br>: the block ends there
        else:
            self.data(" ")

    def handle_data(self, data: str) -> None:
        if self.sup is not None:
            self.sup.append(data)
        elif not self.skip:
            self.data(data)

    def data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None and data.strip(CELL_EDGES):
            if not self.loose:
                self.loose_start = self.getpos()
            self.loose.append(data)

    def start_row(self) -> None:
        self.end_loose()
        self.row, self.row_start = [], self.getpos()

    def end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self.rows.append((self.row_start, self.getpos(), self.row, "", self.tables))
        self.row = None

    def end_loose(self) -> None:
        text = " ".join("".join(self.loose).split())
        if text:
            # Outside tables in a document, a block; else a table's caption.
            table = None if self.blocks and not self.depth else self.tables
            self.rows.append((self.loose_start, self.getpos(), [text], self.mark, table))
        self.loose = []
        self.mark = ""

    def close(self) -> None:
        super().close()
        self.end_row()
        self.end_loose()


BLOCK_TAGS = frozenset(("caption", "thead", "tbody", "tfoot", "p", "div", "h1", "h2", "h3", "h4",
                        "h5", "h6", "li", "blockquote", "section", "article", "header", "footer",
                        "dt", "dd", "figcaption", "pre", "ul", "ol", "body"))
BLOCK_MARKS = {**{f"h{n}": "#" * n + " " for n in range(1, 7)}, "li": "- "}
SKIPPED_TAGS = frozenset(("head", "script", "style", "title"))


def table_span(lines: list[Line], start: int) -> int:
    """Index just past the line that closes the table opened on lines[start]."""
    depth = 0
    for i in range(start, len(lines)):
        raw = lines[i].raw
        depth += len(TABLE_OPEN_RE.findall(raw)) - len(TABLE_CLOSE_RE.findall(raw))
        if depth <= 0:
            return i + 1
    return len(lines)


def html_table_to_lines(span: list[Line]) -> list[Line]:
    """The rows of an HTML table as Lines, with the text around it on its first and last lines."""
    source = "\n".join(line.raw for line in span)
    opened = TABLE_OPEN_RE.search(source)
    closes = list(TABLE_CLOSE_RE.finditer(source))
    begin = opened.start() if opened else 0
    end = closes[-1].end() if closes else len(source)
    table = source[begin:end]
    starts = [0] + [k + 1 for k, ch in enumerate(table) if ch == "\n"]

    def offset(pos: tuple[int, int]) -> int:
        return begin + starts[min(pos[0], len(starts)) - 1] + pos[1]

    out: list[Line] = []
    before, after = source[:begin], source[end:]
    if before.strip():
        out.append(Line(span[0].line_no, span[0].page, before.rstrip()))
    out.append(Line(span[0].line_no, span[0].page, ""))
    parser = TableParser()
    parser.feed(table)
    parser.close()
    rows = []
    for start, stop, cells, _mark, _table in parser.rows:
        a = offset(start)
        physical = span[min(source.count("\n", 0, a), len(span) - 1)]
        raw = " ".join(source[a:max(a, offset(stop))].split()) or " ".join(cells)
        rows.append((physical._replace(raw=raw), cells))
    out.extend(cells_to_lines(rows))
    out.append(Line(span[-1].line_no, span[-1].page, ""))
    if after.strip():
        out.append(Line(span[-1].line_no, span[-1].page, after.strip()))
    return out


# --- tables read whole: transposed, side by side, cards ------------------------------

# A cell that opens with a score ("5.00", "**4.27**"), and any two-decimal number.
SCORE_CELL_RE = re.compile(r"[*_\s]*\d{1,2}[.,]\d{2}(?![\d.,])")
TWO_DECIMALS_RE = re.compile(r"(?<![\d.,])\d{1,2}[.,]\d{2}(?![\d.,])")
RANK_CELL_RE = re.compile(r"\bof\s+\d+\s", re.IGNORECASE)


def is_label_cell(cell: str) -> bool:
    """Words and no number: a label ("HUMAN TRAFFICKING"), not a value or a change word."""
    return any(c.isalpha() for c in cell) and not any(c.isdigit() for c in cell) \
        and not is_value_cell(cell)


def cell_kind(cell: str) -> str:
    """L label, S a score (with its change), C a card (label and score in one cell), V other."""
    if SCORE_CELL_RE.match(cell):
        return "C" if any(c.isalpha() for c in cell[SCORE_CELL_RE.match(cell).end():]
                          if c not in "nNaA/") and not is_value_cell(cell) else "S"
    if is_label_cell(cell):
        return "L"
    if TWO_DECIMALS_RE.search(cell) and any(c.isalpha() for c in cell) and not is_value_cell(cell):
        return "C"
    return "V"


def split_score_groups(cells: list[str]) -> list[list[str]]:
    """A row holding two or more label-and-score groups (tables side by side, a row of
    cards) as one row per group; any other row as it is.

    `| HUMAN TRAFFICKING | 5.00 | ↗ 0.50 | ARMS TRAFFICKING | 4.50 | - |` is two
    rows; so is `| 5.00 ↗ 0.50 HUMAN TRAFFICKING | 4.50 - ARMS TRAFFICKING |`.
    A label opens its group where the row opens with a label, else closes it.
    """
    cells = [c for c in cells if c]
    if len(cells) < 2 or sum(bool(TWO_DECIMALS_RE.search(c)) for c in cells) < 2 \
            or any(RANK_CELL_RE.search(c) for c in cells):
        return [cells]
    kinds = [cell_kind(c) for c in cells]
    if kinds.count("L") + kinds.count("C") < 2 or kinds.count("S") + kinds.count("C") < 2:
        return [cells]
    label_first = next(k for k in kinds if k != "V") in "LC"
    groups: list[list[str]] = [[]]
    has_score = False
    for cell, kind in zip(cells, kinds):
        if kind == "C":
            if groups[-1]:
                groups.append([])
            groups[-1].append(cell)
            groups.append([])
            has_score = False
            continue
        if kind == "L" and label_first and has_score:
            groups.append([])
            has_score = False
        groups[-1].append(cell)
        has_score = has_score or kind == "S"
        if kind == "L" and not label_first:
            groups.append([])
            has_score = False
    return [g for g in groups if g]


def is_value_row(cells: list[str]) -> bool:
    return any(cells) and all(not c or is_value_cell(c) for c in cells)


def transposed(rows: list[list[str]], at: int) -> int:
    """Rows after rows[at] that hold its labels' values column by column (a table in
    column order: labels across its first row, scores under them); 0 if none."""
    head = rows[at]
    if not any(head) or not all(not c or is_label_cell(c) for c in head[1:]):
        return 0
    if head[0] and not is_label_cell(head[0]):
        return 0
    n = 0
    for row in rows[at + 1:]:
        body = row[1:] if row and (not row[0] or COLUMN_NAME_RE.fullmatch(row[0])) else row
        # A row may stop short where its last cells are empty (AsciiDoc's `| up`).
        if not len(head) - 1 <= len(row) <= len(head) or not is_value_row(body):
            break
        n += 1
    # One column: a label over its score and its change; over one value it reads
    # as it stands (stacked).
    return n if sum(map(bool, head)) > 1 or n > 1 else 0


def cells_to_lines(rows: list[tuple[Line, list[str] | None]], keep_dropped: bool = False
                   ) -> list[Line]:
    """One table's rows as Lines of cells: a table in column order turned back into rows,
    side-by-side groups and cards split apart; column-name rows left out (or, with
    `keep_dropped`, left as blank lines, as are separators: None)."""
    out: list[Line] = []
    content = [(line, cells) for line, cells in rows
               if cells is not None and any(cells) and not is_column_header(cells)]
    matrix = [cells for _, cells in content]
    spans: dict[int, int] = {}
    k = 0
    while k < len(matrix):
        n = transposed(matrix, k) if len(matrix) > 1 else 0
        if n:
            spans[k] = n
        k += n + 1
    skip: set[int] = set()
    index = {id(cells): k for k, (_, cells) in enumerate(content)}
    for line, cells in rows:
        k = index.get(id(cells)) if cells is not None else None
        if k is None:
            if keep_dropped:
                out.append(Line(line.line_no, line.page, ""))
            continue
        if k in skip:
            continue
        if k in spans:
            band = [r + [""] * (len(matrix[k]) - len(r)) for r in matrix[k:k + spans[k] + 1]]
            skip.update(range(k + 1, k + spans[k] + 1))
            drop_first = not band[0][0] or all(
                not r[0] or COLUMN_NAME_RE.fullmatch(r[0]) for r in band[1:])
            for j in range(1 if drop_first else 0, len(band[0])):
                column = [r[j] for r in band if r[j]]
                if column:
                    out.append(line._replace(cells=tuple(Cell(c) for c in column)))
            continue
        for group in split_score_groups(cells):
            out.append(line._replace(cells=tuple(Cell(c) for c in group)))
    return out


def pipe_rows(raw: str) -> list[str] | None:
    """A pipe row's pieces, empty ones kept; None for a separator row."""
    pieces = split_pipe_row(raw.strip())
    if all(not p or SEPARATOR_CELL_RE.fullmatch(p.replace(" ", "")) for p in pieces):
        return None
    return pieces


def lines_to_rows(lines: list[Line]) -> list[Line]:
    """Give every line that is a table row its cells; HTML tables become one Line per row."""
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        raw = line.raw
        if line.cells:  # a row already (an HTML document's table)
            out.append(line)
            i += 1
            continue
        markup = "<" in raw
        if markup and TABLE_OPEN_RE.search(raw):
            end = table_span(lines, i)
            out.extend(html_table_to_lines(lines[i:end]))
            i = end
            continue
        if markup and "<!--" in raw and "-->" not in raw[raw.rindex("<!--"):] \
                and not is_pipe_row(raw):  # in a table's cell, a placeholder left open
            # A comment over several lines (a converter's note): none of it is text.
            end = next((k for k in range(i + 1, n) if "-->" in lines[k].raw), n - 1)
            out.append(line._replace(raw=raw[:raw.rindex("<!--")]))
            out.extend(Line(ln.line_no, ln.page, "") for ln in lines[i + 1:end])
            if end > i:
                tail = lines[end].raw
                out.append(lines[end]._replace(raw=tail[tail.index("-->") + 3:] if "-->" in tail else ""))
            i = end + 1
            continue
        i += 1
        if not raw or len(raw) > MAX_ROW and not (len(raw) <= MAX_TABLE_ROW and is_pipe_row(raw)):
            out.append(line)
        elif "|" in raw and is_pipe_row(raw):
            # The table's rows together: it may be in column order. Separator and
            # header rows: a blank line, so no column name reads as content.
            end = i
            while end < n and len(lines[end].raw) <= MAX_TABLE_ROW and is_pipe_row(lines[end].raw):
                end += 1
            out.extend(cells_to_lines([(ln, pipe_rows(ln.raw)) for ln in lines[i - 1:end]],
                                      keep_dropped=True))
            i = end
        elif "\t" in raw or "  " in raw:
            cells = gap_row_cells(raw)
            if not cells:
                out.append(line)
            elif len(cells) < 4:
                out.append(Line(line.line_no, line.page, raw, "", None, 0, (), False, cells))
            else:  # two tables side by side, as pdftotext's layout mode sets them
                out.extend(line._replace(cells=tuple(Cell(c) for c in group))
                           for group in split_score_groups([c.raw for c in cells]))
        else:
            out.append(line)
    return out
