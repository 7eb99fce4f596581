"""The output tables, declared once: column, type, unit, description.

Every Parquet write passes the schema built here, and the data dictionary
(`processed/DATA_DICTIONARY.md`) is written from the same declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from . import catalogue

SCORE = pa.decimal128(4, 2)


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    unit: str = ""
    nullable: bool = True


def _id_columns() -> list[Column]:
    return [
        Column("report_id", pa.string(), 'Report key: edition and ISO3 code, e.g. "2025-AZE".',
               nullable=False),
        Column("country", pa.string(), "Country name as the catalogue spells it."),
        Column("iso3", pa.string(), "ISO 3166-1 alpha-3 code of the country."),
    ]


def _bbox_columns() -> list[Column]:
    return [
        Column(f"bbox_{side}", pa.float64(), f"{what} of the label's box on the PDF page; "
               "null for text input.", "pt")
        for side, what in (("x0", "Left edge"), ("top", "Top edge"),
                           ("x1", "Right edge"), ("bottom", "Bottom edge"))
    ]


TABLES: dict[str, tuple[str, list[Column]]] = {
    "reports": ("One row per input report: where it came from and how it went.", [
        *_id_columns(),
        Column("source_path", pa.string(), "Path of the input file as given to the pipeline."),
        Column("source_sha256", pa.string(), "SHA-256 of the input file's bytes."),
        Column("source_format", pa.string(), '"text" (converted text) or "pdf".'),
        Column("page_count", pa.int32(), "Pages in the report (text: pages inferred).", "pages"),
        Column("status", pa.string(), '"ok"; "invalid" (read, but with error findings); '
               '"failed" (could not be read).', nullable=False),
        Column("n_scores", pa.int32(), "Rows written to scores.", "rows"),
        Column("n_ranks", pa.int32(), "Rows written to ranks.", "rows"),
        Column("n_paragraphs", pa.int32(), "Rows written to narrative.", "rows"),
        Column("n_errors", pa.int32(), "Error findings.", "findings"),
        Column("n_warnings", pa.int32(), "Warning findings.", "findings"),
        Column("pipeline_version", pa.string(), "Version of the pipeline that wrote the row."),
    ]),
    "scores": ("One row per score printed: the two headline scores, the pillar scores "
               "and every indicator, with the change since the previous edition.", [
        *_id_columns(),
        Column("dimension", pa.string(), '"criminality" or "resilience".', nullable=False),
        Column("pillar", pa.string(), '"criminal_markets", "criminal_actors" or "resilience"; '
               "null on the two index rows and on a criminality row whose label the catalogue "
               "does not know."),
        Column("level", pa.string(), '"index", "pillar" or "indicator".', nullable=False),
        Column("indicator", pa.string(), "Canonical code: the indicator's official name in "
               "snake case (for a label the catalogue does not know, the printed label in snake "
               'case), or "criminality", "criminal_markets", "criminal_actors", '
               '"resilience" for composites.'),
        Column("label", pa.string(), "The label as printed."),
        Column("score", SCORE, "Score on the 1 to 10 scale, exact to two decimals.", "points",
               nullable=False),
        Column("delta", SCORE, "Signed change since the previous edition; null where the "
               "report prints none or n/a.", "points"),
        Column("direction", pa.string(), '"up", "down" or "flat" (a zero delta is flat '
               "whatever its arrow); null with delta."),
        Column("previous_score", SCORE, "score minus delta: the previous edition's score.",
               "points"),
        Column("arrow_colour", pa.string(), 'PDF only: colour of the delta arrow ("red", '
               '"green", "grey"); the direction is read from its shape, not its colour.'),
        Column("position", pa.int32(), "Order of the row in the report, from 1."),
        Column("page", pa.int32(), "Page the row is printed on.", "page"),
        *_bbox_columns(),
    ]),
    "ranks": ("One row per rank line: global, continental and regional rank of each "
              "dimension.", [
        *_id_columns(),
        Column("dimension", pa.string(), '"criminality" or "resilience".', nullable=False),
        Column("scope", pa.string(), '"global", "continent" or "region".', nullable=False),
        Column("area", pa.string(), 'Canonical continent or region name; "World" for global; '
               "null where the printed phrase (in label) names no area of any edition."),
        Column("rank", pa.int32(), "Rank; 1st is the highest score.", "place", nullable=False),
        Column("out_of", pa.int32(), "Countries ranked in the area.", "countries",
               nullable=False),
        Column("rank_change", pa.int32(), "Previous rank minus this rank: positive moved "
               'towards 1st; 0 for "-"; null where none is printed.', "places"),
        Column("previous_rank", pa.int32(), "rank plus rank_change.", "place"),
        Column("label", pa.string(), "The rank line as printed (normalized)."),
        Column("page", pa.int32(), "Page the line is printed on.", "page"),
        *_bbox_columns(),
    ]),
    "narrative": ("One row per narrative paragraph, tagged with its heading path.", [
        *_id_columns(),
        Column("section", pa.string(), '"criminality" or "resilience".', nullable=False),
        Column("heading", pa.string(), 'Heading, e.g. "CRIMINAL MARKETS".'),
        Column("subheading", pa.string(), 'Subheading, e.g. "PEOPLE"; null where none.'),
        Column("paragraph_no", pa.int32(), "Order of the paragraph in the report, from 1.",
               nullable=False),
        Column("text", pa.string(), "Paragraph text, rejoined across line, column and page "
               "breaks.", nullable=False),
        Column("indicators", pa.list_(pa.string()), "Indicator codes the paragraph "
               "discusses (by catalogue keywords)."),
        Column("page_start", pa.int32(), "Page the paragraph starts on.", "page"),
        Column("page_end", pa.int32(), "Page the paragraph ends on.", "page"),
    ]),
    "findings": ("One row per problem found in a report.", [
        Column("report_id", pa.string(), "Report key (see reports).", nullable=False),
        Column("source_path", pa.string(), "Path of the input file."),
        Column("severity", pa.string(), '"error", "warning" or "info".', nullable=False),
        Column("rule", pa.string(), "Code of the rule that fired.", nullable=False),
        Column("message", pa.string(), "What is wrong, in one sentence."),
        Column("location", pa.string(), 'Where: "line 12, page 1", "whole document", ...'),
        Column("value", pa.string(), "The offending text or value."),
    ]),
    "reconciliation": ("One row per score code of a report, set against the index's "
                       "published number (`python -m pipeline reconcile`).", [
        *_id_columns(),
        Column("indicator", pa.string(), "Canonical code, as in scores: an indicator, or "
               '"criminality", "criminal_markets", "criminal_actors", "resilience".'),
        Column("extracted", SCORE, "Score extracted from the report; null where the report "
               "has none.", "points"),
        Column("published", SCORE, "Score in the reference file, rounded half up to two "
               "decimals; null where the reference has none.", "points"),
        Column("status", pa.string(), '"match", "mismatch", "missing_in_report" (published '
               'only) or "missing_in_reference" (extracted only).', nullable=False),
    ]),
}

def dataset_header(code: str) -> str:
    """The `dataset` column of a score code: its header in the widest workbook sheet."""
    return DATASET_HEADERS[code]


DATASET_HEADERS = {code: header for header, code in catalogue.dataset_layout()}


TABLES["dataset"] = (
    "One row per report in the published workbook's layout: Continent, Region, Country, "
    "then the averages and indicators in the workbook's column order under its header "
    "names (those of the edition with the most columns, the earliest such; an edition "
    "without an indicator leaves it empty). Continent and Region are empty in an edition "
    "the catalogue lacks. Also written as processed/dataset_<edition>.csv and .xlsx with "
    "that edition's own headers.", [
        Column("report_id", pa.string(), "Report key (see reports).", nullable=False),
        Column("iso3", pa.string(), "ISO 3166-1 alpha-3 code of the country."),
        Column("Continent", pa.string(), "Continent, as the workbook names it."),
        Column("Region", pa.string(), "Region in that edition, as the workbook names it."),
        Column("Country", pa.string(), "Country, as the workbook spells it."),
        *[Column(header, SCORE, f"Extracted score of {code}.", "points")
          for header, code in catalogue.dataset_layout()],
    ])

TABLES["panel"] = (
    "One row per country, score and edition across every processed edition, with the "
    "previous edition's extracted score and whether the printed delta agrees with it.", [
        Column("report_id", pa.string(), "Report key (see reports).", nullable=False),
        Column("country", pa.string(), "Country name as the catalogue spells it."),
        Column("iso3", pa.string(), "ISO 3166-1 alpha-3 code.", nullable=False),
        Column("indicator", pa.string(), "Indicator or composite code (see scores).",
               nullable=False),
        Column("score", SCORE, "Extracted score in this edition.", "points"),
        Column("delta", SCORE, "Delta printed in this edition's report.", "points"),
        Column("previous_edition", pa.int16(), "The edition the delta is measured from.",
               "year"),
        Column("previous_report_id", pa.string(), "Report of the previous edition, if "
               "processed."),
        Column("previous_score", SCORE, "Score extracted from the previous edition's report.",
               "points"),
        Column("implied_delta", SCORE, "score minus previous_score.", "points"),
        Column("delta_status", pa.string(), '"agree" (within 0.01), "disagree", '
               '"no_previous_report" or "no_delta".'),
    ])


PARTITION = Column("edition", pa.int16(), "Edition year of the report (e.g. 2025; "
                   "0 where it could not be told). Partition key of every table.", "year")


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table (the partition column lives in the folder name)."""
    return pa.schema(
        [pa.field(c.name, c.type, nullable=c.nullable,
                  metadata={"description": c.description, "unit": c.unit})
         for c in TABLES[table][1]]
    )


def data_dictionary() -> str:
    """Render every table's columns as markdown."""
    out = ["# Data dictionary", "",
           "Tables are Parquet datasets under `processed/<table>/`, partitioned by "
           f"`edition=<year>` (hive style). `edition` ({PARTITION.type}): "
           f"{PARTITION.description}", ""]
    for name, (about, columns) in TABLES.items():
        out += [f"## {name}", "", about, "", "| column | type | unit | description |",
                "| --- | --- | --- | --- |"]
        out += [f"| {c.name} | {c.type} | {c.unit} | {c.description} |" for c in columns]
        out.append("")
    return "\n".join(out)
