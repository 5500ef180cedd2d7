#!/usr/bin/python3
"""Write data/task_DE_new_customers.xlsx from data/task_DE_new_customers.csv.

    /usr/bin/python3 tests/data/make_xlsx.py [--csv IN.csv] [--out OUT.xlsx]

Needs Debian's python3-openpyxl (run with /usr/bin/python3).  The workbook holds
the same records as the CSV, in the same order, on its first sheet "customers":
row 1 is the header, so CSV line N is sheet row N (the CSV's trailing blank line
is not a record and is not written).  Empty CSV fields are left as missing cells,
as Excel does.  Mobile numbers are text cells (format "@") except for the two
customers in NUMERIC_MOBILE_IDS, which are numeric cells as happens when someone
types them into a General column.  The record with an extra field keeps it as a
value in column E.

Strings go to a shared string table (xl/sharedStrings.xml), as Excel writes
them.  The output is byte-for-byte reproducible: zip entry times and the document
properties' dates are fixed.
"""

import argparse
import csv
import datetime as dt
import io
import os
import re
import zipfile

import openpyxl
from openpyxl.styles import Font

NUMERIC_MOBILE_IDS = {"CUST-0007", "CUST-0148"}
FIXED = dt.datetime(2025, 10, 13, 6, 0, 0)


SST_CT = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def to_shared_strings(parts):
    """openpyxl (Debian 3.0.9) writes inline strings; Excel writes a shared
    string table.  Convert, so the sample looks like what Excel saves."""
    sheet = "xl/worksheets/sheet1.xml"
    table, index, refs = [], {}, [0]

    def cell(m):
        attrs, preserve, text = m.group(1), m.group(2), m.group(3)
        key = (bool(preserve), text)
        refs[0] += 1
        if key not in index:
            index[key] = len(table)
            table.append(key)
        return b'<c%s t="s"><v>%d</v></c>' % (attrs, index[key])

    parts[sheet] = re.sub(
        rb'<c([^>]*?) t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>',
        cell, parts[sheet], flags=re.S)
    assert b"inlineStr" not in parts[sheet]
    body = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            b' count="%d" uniqueCount="%d">' % (refs[0], len(table))]
    for preserve, text in table:
        body.append(b'<si><t%s>%s</t></si>' % (b' xml:space="preserve"' if preserve else b"", text))
    body.append(b"</sst>")
    parts["xl/sharedStrings.xml"] = b"".join(body)
    ct = "[Content_Types].xml"
    parts[ct] = parts[ct].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % SST_CT)
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rId9"/></Relationships>' % SST_REL)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.join(here, "..", "..", "data")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", default=os.path.join(data, "task_DE_new_customers.csv"))
    ap.add_argument("--out", default=os.path.join(data, "task_DE_new_customers.xlsx"))
    args = ap.parse_args()

    with open(args.csv, encoding="utf-8", newline="") as f:
        records = [r for r in csv.reader(f, strict=True) if r]
    header, rows = records[0], records[1:]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "customers"
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    numeric = 0
    for r in rows:
        vals = [v if v != "" else None for v in r]
        if len(r) == 4 and r[0] in NUMERIC_MOBILE_IDS:
            assert re.fullmatch(r"[6-9]\d{9}", r[2]), r
            vals[2] = int(r[2])
            numeric += 1
        ws.append(vals)
        row = ws.max_row
        if len(r) == 4 and not isinstance(vals[2], int):
            ws.cell(row=row, column=3).number_format = "@"
    assert numeric == len(NUMERIC_MOBILE_IDS), "numeric-mobile customers not found"
    for col, width in zip("ABCD", (12, 30, 18, 10)):
        ws.column_dimensions[col].width = width
    wb.properties.creator = "kpidesk sample data"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.lastModifiedBy = None

    buf = io.BytesIO()
    wb.save(buf)
    # Rewrite the zip with fixed entry times (and fixed dates in core.xml, which
    # openpyxl may set to "now" on save) so the output is reproducible.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    to_shared_strings(parts)
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(args.out + ".tmp", "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            if name == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              lambda m: m.group(1) + stamp.encode(), body)
            zi = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    os.replace(args.out + ".tmp", args.out)
    print("wrote %s: %d records (%d numeric mobiles)" % (args.out, len(rows), numeric))


if __name__ == "__main__":
    main()
