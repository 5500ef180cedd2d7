#!/usr/bin/env python3
"""Turn an orders XML file into typed SQL tables for the server tests.

    python3 tests/data/orders_to_sql.py ORDERS.xml OUTDIR

Writes into OUTDIR:
  same.xml   the orders XML holding exactly the values the tables hold
             (what a typed column cannot hold is empty there and NULL in
             the tables), so importing it and the tables must give the same
             KPIs, counts and reasons;
  pg.sql     PostgreSQL: table sales (line_no, ord_no text, phone bigint,
             placed_at timestamptz, sku text, qty integer,
             amount numeric(12,2)), the instants written with their offset;
  my.sql     MariaDB: table sales with placed_local DATETIME (wall-clock
             time in the data zone) and placed_at TIMESTAMP (an instant),
             the same other columns (DECIMAL(12,2)).

The column names differ from the XML's on purpose: the queries rename them
with AS. Wall-clock times without an offset are in ZONE (default
Asia/Kolkata, kpidesk's default data time zone). Standard library only.
"""
import datetime
import re
import sys
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Kolkata")
FIELDS = ("order_id", "mobile_number", "order_date_time", "sku_id",
          "sku_count", "total_amount")
TIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
                     r"(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?$")


def mobile(v):
    """bigint digits, or None."""
    v = v.strip()
    if not v or not re.fullmatch(r"[0-9 \u00a0+()\-]+", v):
        return None
    d = re.sub(r"\D", "", v)
    if len(d) == 11 and d.startswith("0"):
        d = d[1:]       # kpidesk drops it too; a bigint cannot keep it
    if not d or len(d) > 18 or d.startswith("0"):
        return None
    return d


def instant(v):
    """An aware datetime (to the millisecond), or None."""
    m = TIME_RE.match(v.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, ms, off = m.groups()
    try:
        t = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi),
                              int(s or 0), int((ms or "0").ljust(3, "0")) * 1000)
    except ValueError:
        return None
    if off is None:
        return t.replace(tzinfo=ZONE)
    if off == "Z":
        return t.replace(tzinfo=datetime.timezone.utc)
    off = off.replace(":", "")
    sign = 1 if off[0] == "+" else -1
    delta = datetime.timedelta(hours=int(off[1:3]), minutes=int(off[3:5]))
    return t.replace(tzinfo=datetime.timezone(sign * delta))


def wall(t, zone):
    """t's wall-clock time in zone, to the millisecond, without offset."""
    return t.astimezone(zone).replace(tzinfo=None).isoformat(
        sep=" ", timespec="milliseconds")


def count(v):
    v = v.strip()
    return v if re.fullmatch(r"-?\d{1,9}", v) else None


def amount(v):
    """A plain decimal with at most 2 places that numeric(12,2) holds."""
    v = v.strip()
    m = re.fullmatch(r"(-?)(\d{1,10})(?:\.(\d{1,2}))?", v)
    if not m:
        return None
    return "%s%s.%s" % (m.group(1), m.group(2), (m.group(3) or "").ljust(2, "0"))


def q(v):
    return "NULL" if v is None else "'" + v.replace("'", "''") + "'"


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = []
    for rec in ET.parse(src).getroot():
        f = {}
        for c in rec:
            if c.tag in FIELDS and c.tag not in f:
                f[c.tag] = c.text or ""
        oid = f.get("order_id", "").strip() or None
        sku = f.get("sku_id", "").strip() or None
        t = instant(f.get("order_date_time", ""))
        rows.append((oid, mobile(f.get("mobile_number", "")), t, sku,
                     count(f.get("sku_count", "")),
                     amount(f.get("total_amount", ""))))
    with open(out + "/same.xml", "w", encoding="utf-8") as x:
        x.write('<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n')
        for oid, mob, t, sku, n, amt in rows:
            vals = (oid, mob, t.isoformat(timespec="milliseconds") if t
                    else None, sku, n, amt)
            x.write("  <order>" + "".join(
                "<%s>%s</%s>" % (k, (v or "").replace("&", "&amp;")
                                 .replace("<", "&lt;"), k)
                for k, v in zip(FIELDS, vals)) + "</order>\n")
        x.write("</orders>\n")
    with open(out + "/pg.sql", "w", encoding="utf-8") as p:
        p.write("CREATE TABLE sales (line_no integer PRIMARY KEY, ord_no text,"
                " phone bigint, placed_at timestamptz, sku text,"
                " qty integer, amount numeric(12,2));\n")
        for i, (oid, mob, t, sku, n, amt) in enumerate(rows, 1):
            p.write("INSERT INTO sales VALUES (%d, %s, %s, %s, %s, %s, %s);\n"
                    % (i, q(oid), mob or "NULL",
                       q(t.isoformat(sep=" ", timespec="milliseconds")) if t else "NULL", q(sku),
                       n or "NULL", amt or "NULL"))
    with open(out + "/my.sql", "w", encoding="utf-8") as m:
        m.write("SET time_zone = '+00:00';\n"
                "CREATE TABLE sales (line_no int PRIMARY KEY,"
                " ord_no varchar(64), phone bigint, placed_local datetime(3) NULL,"
                " placed_at timestamp(3) NULL, sku varchar(64), qty int,"
                " amount decimal(12,2));\n")
        for i, (oid, mob, t, sku, n, amt) in enumerate(rows, 1):
            local = wall(t, ZONE) if t else None
            utc = wall(t, datetime.timezone.utc) if t else None
            m.write("INSERT INTO sales VALUES (%d, %s, %s, %s, %s, %s, %s, %s);\n"
                    % (i, q(oid), mob or "NULL", q(local), q(utc), q(sku),
                       n or "NULL", amt or "NULL"))


if __name__ == "__main__":
    main()
