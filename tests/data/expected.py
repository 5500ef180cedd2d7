#!/usr/bin/env python3
"""Independent oracle for kpidesk's data rules and KPIs (DESIGN.md section 2).

    python3 tests/data/expected.py [--customers FILE] [--orders FILE]
                                   [--as-of YYYY-MM-DD] [--tz ZONE]
                                   [--kpi NAME|all | --summary | --rejects]

Reads a customers file (CSV or XLSX) and an orders file (XML), applies the rules
of DESIGN.md section 2 as written, and prints what a correct import and KPI run
give.  Standard library only (zipfile/expat for XLSX and XML, zoneinfo for the
data time zone).  It knows nothing about how the sample files were generated:
it is meant to cross-check the C implementation, so keep it literal.

Output (default): one JSON object
    {"customers": IMPORT, "orders": IMPORT, "kpis": {NAME: KPI, ...}}
where IMPORT has the shape of `kpidesk import --format json` (without "batch")
plus "batch_ok" (false when the rejected share is over the threshold, in which
case the batch loads nothing) and KPI the shape of `kpidesk kpi NAME --format
json`.  --kpi NAME prints just that KPI (or, for "all", the object keyed by KPI
name, as `kpidesk kpi all --format json`).  --summary prints the import counts
as text, --rejects the rejected/duplicate/warning rows (line, column, reason,
value).

Interpretations where DESIGN.md leaves room (documented in data/README too):
- "warnings" counts rows that carry at least one warning and were loaded;
  a dropped duplicate is counted under "duplicates", not "warnings".
- An exact repeat compares the normalized values (mobile digits, instant of
  time, integer count, amount in minor units).  Duplicates and conflicts are
  judged against lines already accepted from the same file; a rejected row
  claims no customer_id, mobile or (order_id, sku_id).
- XLSX: a row's missing trailing cells are empty values; only a non-empty cell
  right of the header's last column makes "a different number of fields".
  Rows whose cells are all empty are blank and not records.
- monthly-trend lists the months that have orders (only daily-trend is
  specified to fill gaps with zeros).
- top-spenders ranks 1, 2, 3, ... in order (ties broken by customer_id, so
  ranks are unique) and lists every customer with a line in the window;
  unmatched orders belong to no customer and are not ranked.
- Reason names below are this oracle's; the C code may name them otherwise.
"""

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import re
import sys
import xml.parsers.expat
import zipfile
from zoneinfo import ZoneInfo

CUSTOMER_COLUMNS = ["customer_id", "customer_name", "mobile_number", "region"]
ORDER_COLUMNS = ["order_id", "mobile_number", "order_date_time", "sku_id",
                 "sku_count", "total_amount"]
REJECT_SHARE = 0.05
WS = " \t\r\n\f\v"
KPI_NAMES = ["repeat-customers", "daily-trend", "monthly-trend",
             "regional-revenue", "top-spenders"]


# ---------------------------------------------------------------- rules

def normalize_column(name):
    if name.startswith("\ufeff"):
        name = name[1:]
    name = name.strip(WS)
    name = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in name)
    name = re.sub(r"[ \-]+", "_", name)
    name = re.sub(r"[^a-z0-9_]", "", name)
    return re.sub(r"_+", "_", name)


def normalize_mobile(raw):
    """Return the 10-digit number or None."""
    s = re.sub(r"[ \-.()]", "", raw)
    if len(s) == 13 and s.startswith("+91") and re.fullmatch(r"[0-9]{10}", s[3:]):
        s = s[3:]
    elif re.fullmatch(r"91[0-9]{10}", s):
        s = s[2:]
    elif re.fullmatch(r"0[0-9]{10}", s):
        s = s[1:]
    return s if re.fullmatch(r"[6-9][0-9]{9}", s) else None


def normalize_region(text):
    text = re.sub(r"\s+", " ", text).strip(WS)
    if text == "":
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


_FLAGGED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u2069\ufeff]")


def clean_text(raw_bytes_or_str):
    """Trim; invalid UTF-8 -> U+FFFD.  Returns (text, [warning reasons])."""
    warns = []
    if isinstance(raw_bytes_or_str, bytes):
        text = raw_bytes_or_str.decode("utf-8", "replace")
        if text.encode("utf-8") != raw_bytes_or_str:
            warns.append("invalid_utf8")
    else:
        text = raw_bytes_or_str
    text = text.strip(WS)
    if _FLAGGED.search(text):
        warns.append("control_or_invisible_chars")
    return text, warns


_TS = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
                 r"(?::([0-9]{2})(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?")


def parse_time(text, tz):
    """ISO 8601 with T or space, optional fraction, optional Z or +hh:mm.
    Returns an aware datetime or None."""
    m = _TS.fullmatch(text)
    if not m:
        return None
    y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
    sec = int(m.group(6) or 0)
    frac = m.group(7)
    micro = int((frac[1:] + "000000")[:6]) if frac else 0
    off = m.group(8)
    if off is None:
        zone = tz
    elif off == "Z":
        zone = dt.timezone.utc
    else:
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return None
        delta = dt.timedelta(hours=oh, minutes=om)
        zone = dt.timezone(-delta if off[0] == "-" else delta)
    try:
        return dt.datetime(y, mo, d, h, mi, sec, micro, tzinfo=zone)
    except ValueError:
        return None


def parse_amount(text):
    """Decimal >= 0 with at most 2 decimals -> minor units, or a reason."""
    if re.fullmatch(r"-[0-9]+(\.[0-9]+)?", text):
        return None, "negative_total_amount"
    m = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?", text)
    if not m:
        return None, "invalid_total_amount"
    if m.group(2) and len(m.group(2)) > 2:
        return None, "too_many_decimals"
    return int(m.group(1)) * 100 + int(((m.group(2) or "") + "00")[:2]), None


def money(minor):
    return "%d.%02d" % (minor // 100, minor % 100)


# ---------------------------------------------------------------- readers

def read_csv(path):
    """Yield (line, fields as bytes) per record; blank lines skipped."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", "surrogateescape")
    rd = csv.reader(io.StringIO(text, newline=""), strict=True)
    prev = 0
    for rec in rd:
        start = prev + 1
        prev = rd.line_num
        if rec == [] or rec == [""]:
            continue
        yield start, [v.encode("utf-8", "surrogateescape") for v in rec]


def _xml_tree(data):
    """Tiny expat DOM: (tag, attrs, children, text); DOCTYPE refused."""
    p = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    root = ("", {}, [], [])
    stack = [root]

    def start(tag, attrs):
        node = (tag.split(" ")[-1], attrs, [], [])
        stack[-1][2].append(node)
        stack.append(node)

    def end(tag):
        stack.pop()

    def chars(s):
        stack[-1][3].append(s)

    def doctype(*a):
        raise ValueError("DOCTYPE refused")

    p.StartElementHandler, p.EndElementHandler = start, end
    p.CharacterDataHandler, p.StartDoctypeDeclHandler = chars, doctype
    p.Parse(data, True)
    return root[2][0]


def _text(node):
    """Concatenated <t> text under node, phonetic runs (<rPh>) left out."""
    if node[0] == "rPh":
        return ""
    own = "".join(node[3]) if node[0] == "t" else ""
    return own + "".join(_text(c) for c in node[2])


def _col_index(ref):
    m = re.match(r"([A-Z]+)", ref)
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(path):
    """Yield (row number, fields as str) for the first sheet."""
    z = zipfile.ZipFile(path)
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb = _xml_tree(z.read("xl/workbook.xml"))
    sheets = [c for c in wb[2] if c[0] == "sheets"][0]
    rid = sheets[2][0][1][rel_ns + " id"]
    rels = _xml_tree(z.read("xl/_rels/workbook.xml.rels"))
    target = [r[1]["Target"] for r in rels[2] if r[1]["Id"] == rid][0]
    target = target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)
    sst = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = [_text(si) for si in _xml_tree(z.read("xl/sharedStrings.xml"))[2]]
    sheet = _xml_tree(z.read(target))
    data = [c for c in sheet[2] if c[0] == "sheetData"][0]
    for row in data[2]:
        cells = {}
        for c in row[2]:
            if c[0] != "c":
                continue
            t = c[1].get("t", "n")
            v = [x for x in c[2] if x[0] == "v"]
            v = "".join(v[0][3]) if v else ""
            if t == "s":
                val = sst[int(v)] if v != "" else ""
            elif t == "inlineStr":
                isn = [x for x in c[2] if x[0] == "is"]
                val = _text(isn[0]) if isn else ""
            elif t == "b":
                val = "TRUE" if v == "1" else "FALSE"
            elif t == "n" and v != "":
                f = float(v)
                val = str(int(f)) if re.fullmatch(r"-?[0-9]+", v) else (
                    str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f))
            else:
                val = v
            cells[_col_index(c[1]["r"])] = val
        if not any(v != "" for v in cells.values()):
            continue
        width = max(i for i, v in cells.items() if v != "") + 1
        yield int(row[1]["r"]), [cells.get(i, "") for i in range(width)]


def read_orders_xml(path):
    """Yield (line, {child: text}) per <order>; DOCTYPE refused."""
    p = xml.parsers.expat.ParserCreate()
    out, state = [], {"order": None, "field": None, "buf": [], "depth": 0}

    def start(tag, attrs):
        state["depth"] += 1
        if tag == "order" and state["depth"] == 2:
            state["order"] = (p.CurrentLineNumber, {})
        elif state["order"] is not None and state["depth"] == 3:
            state["field"], state["buf"] = tag, []

    def end(tag):
        if state["field"] is not None and state["depth"] == 3:
            state["order"][1].setdefault(state["field"], "".join(state["buf"]))
            state["field"] = None
        elif state["order"] is not None and state["depth"] == 2:
            out.append(state["order"])
            state["order"] = None
        state["depth"] -= 1

    def chars(s):
        if state["field"] is not None:
            state["buf"].append(s)

    def doctype(*a):
        raise ValueError("DOCTYPE refused")

    p.StartElementHandler, p.EndElementHandler = start, end
    p.CharacterDataHandler, p.StartDoctypeDeclHandler = chars, doctype
    with open(path, "rb") as f:
        p.ParseFile(f)
    return out


# ---------------------------------------------------------------- imports

class Batch:
    def __init__(self, kind, path):
        self.kind, self.path = kind, path
        with open(path, "rb") as f:
            self.sha = hashlib.sha256(f.read()).hexdigest()
        self.read = self.loaded = self.duplicates = self.warnings = 0
        self.rejected = []      # (line, column, reason, value)
        self.dropped = []
        self.warned = []
        self.rows = []          # accepted rows

    def reject(self, line, col, reason, value):
        self.rejected.append((line, col, reason, value))

    def summary(self):
        by = {}
        for r in self.rejected:
            by[r[2]] = by.get(r[2], 0) + 1
        ok = not (self.read and len(self.rejected) / self.read > REJECT_SHARE)
        return {"kind": self.kind, "file": os.path.basename(self.path),
                "sha256": self.sha, "read": self.read,
                "loaded": self.loaded if ok else 0,
                "rejected": len(self.rejected), "duplicates": self.duplicates,
                "warnings": self.warnings,
                "rejected_by_reason": dict(sorted(by.items())), "batch_ok": ok}

    @property
    def ok(self):
        return self.summary()["batch_ok"]


def import_customers(path):
    b = Batch("customers", path)
    if path.lower().endswith(".xlsx"):
        records = ((ln, [v.encode("utf-8") for v in f], True) for ln, f in read_xlsx(path))
    else:
        records = ((ln, f, False) for ln, f in read_csv(path))
    header = None
    seen_id, seen_mobile = set(), set()
    for line, fields, padded in records:
        if header is None:
            header = [normalize_column(clean_text(v)[0]) for v in fields]
            missing = [c for c in CUSTOMER_COLUMNS if c not in header]
            if missing:
                raise SystemExit("%s: missing column(s) %s; found %s"
                                 % (path, ", ".join(missing), ", ".join(header)))
            continue
        b.read += 1
        if padded and len(fields) < len(header):
            fields = fields + [b""] * (len(header) - len(fields))
        if len(fields) != len(header):
            b.reject(line, "", "field_count",
                     "%d fields, header has %d" % (len(fields), len(header)))
            continue
        vals, warns = {}, []
        for name, raw in zip(header, fields):
            text, w = clean_text(raw)
            if name in CUSTOMER_COLUMNS:
                vals[name] = text
                warns += [(name, x, text) for x in w]
        bad = None
        for col in ("customer_id", "customer_name", "mobile_number"):
            if vals[col] == "":
                bad = (col, "missing_" + col, "")
                break
        mobile = None
        if not bad:
            mobile = normalize_mobile(vals["mobile_number"])
            if mobile is None:
                bad = ("mobile_number", "invalid_mobile_number", vals["mobile_number"])
        if not bad and vals["customer_id"] in seen_id:
            bad = ("customer_id", "duplicate_customer_id", vals["customer_id"])
        if not bad and mobile in seen_mobile:
            bad = ("mobile_number", "duplicate_mobile_number", vals["mobile_number"])
        if bad:
            b.reject(line, *bad)
            continue
        region = normalize_region(vals["region"])
        if region is None:
            region = "(unknown)"
            warns.append(("region", "empty_region", vals["region"]))
        seen_id.add(vals["customer_id"])
        seen_mobile.add(mobile)
        b.loaded += 1
        if warns:
            b.warnings += 1
            b.warned += [(line,) + w for w in warns]
        b.rows.append({"customer_id": vals["customer_id"],
                       "customer_name": vals["customer_name"],
                       "mobile": mobile, "region": region})
    return b


def import_orders(path, tz):
    b = Batch("orders", path)
    seen = {}     # (order_id, sku_id) -> normalized values
    for line, fields in read_orders_xml(path):
        b.read += 1
        vals, warns = {}, []
        for name in ORDER_COLUMNS:
            text, w = clean_text(fields.get(name, ""))
            vals[name] = text
            warns += [(name, x, text) for x in w]
        bad = None
        for col in ORDER_COLUMNS:
            if vals[col] == "":
                bad = (col, "missing_" + col, "")
                break
        if not bad:
            mobile = normalize_mobile(vals["mobile_number"])
            when = parse_time(vals["order_date_time"], tz)
            count = int(vals["sku_count"]) if re.fullmatch(r"[0-9]+", vals["sku_count"]) else 0
            minor, why = parse_amount(vals["total_amount"])
            if mobile is None:
                bad = ("mobile_number", "invalid_mobile_number", vals["mobile_number"])
            elif when is None:
                bad = ("order_date_time", "invalid_order_date_time", vals["order_date_time"])
            elif count < 1:
                bad = ("sku_count", "invalid_sku_count", vals["sku_count"])
            elif why:
                bad = ("total_amount", why, vals["total_amount"])
        if bad:
            b.reject(line, *bad)
            continue
        key = (vals["order_id"], vals["sku_id"])
        norm = (mobile, when.timestamp(), count, minor)
        if key in seen:
            if seen[key] == norm:
                b.duplicates += 1
                b.dropped.append((line, "", "duplicate_line", "%s/%s" % key))
            else:
                b.reject(line, "sku_id", "conflicting_line", "%s/%s" % key)
            continue
        seen[key] = norm
        b.loaded += 1
        if warns:
            b.warnings += 1
            b.warned += [(line,) + w for w in warns]
        b.rows.append({"order_id": vals["order_id"], "mobile": mobile,
                       "day": when.astimezone(tz).date(), "sku_id": vals["sku_id"],
                       "count": count, "minor": minor})
    return b


# ---------------------------------------------------------------- KPIs

def kpis(customers, orders, as_of=None):
    by_mobile = {c["mobile"]: c for c in customers}
    if as_of is None:
        if not orders:
            return {}
        as_of = max(o["day"] for o in orders) + dt.timedelta(days=1)
    lines = [o for o in orders if o["day"] < as_of]
    res = {}

    def out(name, columns, rows):
        res[name] = {"kpi": name, "as_of": as_of.isoformat(), "columns": columns,
                     "rows": rows}

    per_cust = {}
    for o in lines:
        c = by_mobile.get(o["mobile"])
        if c:
            per_cust.setdefault(c["customer_id"], (c, set()))[1].add(o["order_id"])
    rep = sorted(((len(s), cid, c["customer_name"]) for cid, (c, s) in per_cust.items()
                  if len(s) > 1), key=lambda r: (-r[0], r[1]))
    out("repeat-customers", ["customer_id", "customer_name", "order_count"],
        [[cid, name, n] for n, cid, name in rep])

    def grouped(keyf):
        g = {}
        for o in lines:
            ids, rev = g.setdefault(keyf(o), (set(), [0]))
            ids.add(o["order_id"])
            rev[0] += o["minor"]
        return g

    daily = grouped(lambda o: o["day"])
    rows = []
    if daily:
        d, last = min(daily), max(daily)
        while d <= last:
            ids, rev = daily.get(d, (set(), [0]))
            rows.append([d.isoformat(), len(ids), money(rev[0])])
            d += dt.timedelta(days=1)
    out("daily-trend", ["day", "orders", "revenue"], rows)

    monthly = grouped(lambda o: o["day"].strftime("%Y-%m"))
    out("monthly-trend", ["month", "orders", "revenue"],
        [[m, len(ids), money(rev[0])] for m, (ids, rev) in sorted(monthly.items())])

    def region(o):
        c = by_mobile.get(o["mobile"])
        return c["region"] if c else "(unmatched)"
    reg = grouped(region)
    out("regional-revenue", ["region", "orders", "revenue"],
        [[r, len(ids), money(rev[0])] for r, (ids, rev) in
         sorted(reg.items(), key=lambda kv: (-kv[1][1][0], kv[0]))])

    start = as_of - dt.timedelta(days=30)
    spend = {}
    for o in lines:
        c = by_mobile.get(o["mobile"])
        if c and start <= o["day"]:
            spend.setdefault(c["customer_id"], [c["customer_name"], 0])[1] += o["minor"]
    top = sorted(spend.items(), key=lambda kv: (-kv[1][1], kv[0]))
    out("top-spenders", ["rank", "customer_id", "customer_name", "total_spend"],
        [[i + 1, cid, nm, money(m)] for i, (cid, (nm, m)) in enumerate(top)])
    return res


# ---------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "..", "..", "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", default=os.path.join(data, "task_DE_new_customers.csv"))
    ap.add_argument("--orders", default=os.path.join(data, "task_DE_new_orders.xml"))
    ap.add_argument("--tz", default="Asia/Kolkata")
    ap.add_argument("--as-of", type=dt.date.fromisoformat)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--kpi", choices=KPI_NAMES + ["all"])
    g.add_argument("--summary", action="store_true")
    g.add_argument("--rejects", action="store_true")
    args = ap.parse_args()
    tz = ZoneInfo(args.tz)

    cb = import_customers(args.customers)
    ob = import_orders(args.orders, tz)
    customers = cb.rows if cb.ok else []
    orders = ob.rows if ob.ok else []
    res = kpis(customers, orders, args.as_of)

    if args.kpi:
        obj = res if args.kpi == "all" else res.get(args.kpi)
        print(json.dumps(obj, ensure_ascii=False, indent=1))
    elif args.summary:
        for b in (cb, ob):
            s = b.summary()
            print("%-9s %s: read=%d loaded=%d rejected=%d duplicates=%d warnings=%d%s"
                  % (s["kind"], s["file"], s["read"], s["loaded"], s["rejected"],
                     s["duplicates"], s["warnings"],
                     "" if s["batch_ok"] else "  (over the reject threshold: batch fails)"))
            if s["rejected_by_reason"]:
                print("          rejected_by_reason: " + ", ".join(
                    "%s=%d" % kv for kv in s["rejected_by_reason"].items()))
        if res:
            k = res["daily-trend"]
            empty = [r[0] for r in k["rows"] if r[1] == 0]
            print("as_of %s; days %s..%s; days without orders: %s"
                  % (k["as_of"], k["rows"][0][0], k["rows"][-1][0], ", ".join(empty) or "none"))
            for name in KPI_NAMES:
                print("  %-17s %d rows" % (name, len(res[name]["rows"])))
    elif args.rejects:
        for b in (cb, ob):
            for kind, lst in (("rejected", b.rejected), ("duplicate", b.dropped),
                              ("warning", b.warned)):
                for line, col, reason, value in lst:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    print("%s\t%d\t%s\t%s\t%s\t%s" % (os.path.basename(b.path), line,
                                                      kind, col, reason, json.dumps(value, ensure_ascii=False)))
    else:
        print(json.dumps({"customers": cb.summary(), "orders": ob.summary(), "kpis": res},
                         ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
