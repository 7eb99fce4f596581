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


def is_value_cell(piece: str) -> bool:
    """A score, delta, arrow, rank change or n/a alone: what sets a table row apart from prose."""
    p = piece.strip(" *_$`")
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


def split_pipe_row(row: str) -> list[str]:
    """The pieces between a row's pipes; `\\|` is a pipe inside a cell."""
    if "\\|" in row:
        pieces = [p.replace("\0", "|") for p in row.replace("\\|", "\0").split("|")]
    else:
        pieces = row.split("|")
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1].strip():
        pieces = pieces[:-1]
    return [p.strip() for p in pieces]


def is_pipe_row(raw: str) -> bool:
    s = raw.lstrip()
    return s.startswith("|") and s.count("|") >= 2


def is_column_header(cells: list[str]) -> bool:
    """`| Indicator | Score | Change |`: names of columns, no content."""
    return all(COLUMN_NAME_RE.fullmatch(c) for c in cells if c) and any(cells)


def pipe_row_cells(raw: str) -> tuple[Cell, ...]:
    """Cells of a Markdown pipe-table row; () for separator and header rows."""
    pieces = split_pipe_row(raw.strip())
    if all(not p or SEPARATOR_CELL_RE.fullmatch(p.replace(" ", "")) for p in pieces):
        return ()
    if is_column_header(pieces):
        return ()
    return tuple(Cell(p) for p in pieces if p)


# --- HTML tables -----------------------------------------------------------------

TABLE_OPEN_RE = re.compile(r"<table\b", re.IGNORECASE)
TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.IGNORECASE)


class TableParser(HTMLParser):
    """Collect the rows of HTML tables: each `<tr>` a row, each `<td>`/`<th>` a cell.

    Text inside a table but in no cell (a caption) is a row of its own.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[tuple[int, int], tuple[int, int], list[str]]] = []
        self.row: list[str] | None = None
        self.row_start = (1, 0)
        self.cell: list[str] | None = None
        self.loose: list[str] = []
        self.loose_start = (1, 0)

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
            self.data(" ")
        elif tag in ("table", "caption", "thead", "tbody", "tfoot", "p", "div"):
            self.end_loose()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.data(" ")
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.end_cell()
        elif tag in ("tr", "table"):
            self.end_row()
            self.end_loose()
        elif tag in ("caption", "p", "div"):
            self.end_loose()

    def handle_data(self, data: str) -> None:
        self.data(data)

    def data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None and data.strip():
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
            self.rows.append((self.row_start, self.getpos(), self.row))
        self.row = None

    def end_loose(self) -> None:
        text = " ".join("".join(self.loose).split())
        if text:
            self.rows.append((self.loose_start, self.getpos(), [text]))
        self.loose = []

    def close(self) -> None:
        super().close()
        self.end_row()
        self.end_loose()


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
    for start, stop, cells in parser.rows:
        if not any(cells) or is_column_header(cells):
            continue
        a = offset(start)
        physical = span[min(source.count("\n", 0, a), len(span) - 1)]
        raw = " ".join(source[a:max(a, offset(stop))].split()) or " ".join(cells)
        out.append(Line(physical.line_no, physical.page, raw,
                        cells=tuple(Cell(c) for c in cells if c)))
    out.append(Line(span[-1].line_no, span[-1].page, ""))
    if after.strip():
        out.append(Line(span[-1].line_no, span[-1].page, after.strip()))
    return out


def lines_to_rows(lines: list[Line]) -> list[Line]:
    """Give every line that is a table row its cells; HTML tables become one Line per row."""
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        raw = line.raw
        markup = "<" in raw
        if markup and TABLE_OPEN_RE.search(raw):
            end = table_span(lines, i)
            out.extend(html_table_to_lines(lines[i:end]))
            i = end
            continue
        if markup and "<!--" in raw and "-->" not in raw[raw.rindex("<!--"):]:
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
        if not raw or len(raw) > MAX_ROW:
            out.append(line)
        elif "|" in raw and is_pipe_row(raw):
            cells = pipe_row_cells(raw)
            # Separator and header rows: a blank line, so no column name reads as content.
            out.append(line._replace(cells=cells) if cells else Line(line.line_no, line.page, ""))
        elif "\t" in raw or "  " in raw:
            cells = gap_row_cells(raw)
            out.append(Line(line.line_no, line.page, raw, "", None, 0, (), False, cells)
                       if cells else line)
        else:
            out.append(line)
    return out
