#!/usr/bin/env python3
"""Independent oracle for kpidesk's data rules and KPIs (DESIGN.md section 2,
contract version 3).

    python3 tests/data/expected.py [--customers FILE] [--orders FILE]
                                   [--amount-scope auto|line|order]
                                   [--accept-rejects]
                                   [--as-of YYYY-MM-DD] [--tz ZONE]
                                   [--kpi NAME|all | --summary | --rejects]

Reads a customers file (CSV or XLSX) and an orders file (XML), applies the rules
of DESIGN.md section 2 as written, and prints what a correct import and KPI run
give.  Standard library only (zipfile/expat for XLSX and XML, zoneinfo for the
data time zone).  It knows nothing about how the sample files were generated:
it is meant to cross-check the C implementation, so keep it literal.

Output (default): one JSON object
    {"customers": IMPORT, "orders": IMPORT, "kpis": {NAME: KPI, ...}}
where IMPORT has the shape of `kpidesk import --format json` (without "batch"):
kind, file, sha256, read, loaded, rejected, duplicates, warnings,
rejected_by_reason, status ("committed" or "refused": over the reject
threshold, or the amount scope undecided; a refused batch loads nothing, but
"loaded" still counts the rows that passed, so loaded + rejected + duplicates
= read), for orders "amount_scope" ("line" or "order"; absent when undecided),
then the oracle's own keys: amount_evidence (the check report's sentence,
"amount scope: order, 85 of 85 multi-line orders repeat their total"),
multi_line_orders (M), orders_repeating_total (R) and batch_ok.  KPI has the
shape of `kpidesk kpi NAME --format json`.  --kpi NAME prints just that KPI
(or, for "all", the object keyed by KPI name, exactly as `kpidesk kpi all
--format json`) and the amount scope on stderr.  --summary prints the import
counts, the reasons, the amount scope with its evidence and the revenue both
ways as text; --rejects the rejected/duplicate/warning rows (file, line, kind,
column, reason, value), with the C importer's reason codes.

Amount scope: under auto, M = orders with two or more accepted lines in the
batch, R = those whose lines all carry the same amount (counted before
order_total_conflict); M = 0 or R <= M/2 reads line amounts, R = M order
totals, anything between is undecided (the batch fails).  Read as order
totals, an order's revenue is the amount of its first accepted line, counted
once on its day for its customer; under --amount-scope order a line whose
amount differs from that is rejected (order_total_conflict).  (Under auto
with R = M no line can differ.)

Interpretations where DESIGN.md leaves room (documented in data/README too):
- "warnings" counts rows that carry at least one warning and were loaded;
  a dropped duplicate is counted under "duplicates", not "warnings".
- An exact repeat compares the normalized values (mobile digits, instant,
  integer count, amount in minor units).  Instants are whole Unix seconds: a
  fraction of a second is read and dropped (as the C code stores times).
  Duplicates and conflicts are judged against lines already accepted from the
  same file; a rejected row claims no customer_id, mobile or (order_id,
  sku_id), and is no order's first line.
- The checks on an order line, in order: fields present (missing_field) and
  not empty (field_empty), mobile, time, count, amount, then the (order_id,
  sku_id) repeat (duplicate_line / conflicting_line), then agreement with the
  order's first accepted line (order_conflict: mobile first, then instant),
  then order_total_conflict.
- A customer row identical to an accepted one (same customer_id, name,
  normalized mobile and normalized region) is a duplicate (duplicate_row);
  same customer_id with anything else differing is customer_id_duplicate.
- Mobiles: one '+' is allowed, before the digits, and only as "+91" + 10
  digits; "(+91)" and "+ 91" read as "+91".  Times: a fraction only after
  seconds; a leap second (:60) reads as :59; offsets may be negative.
  Amounts: one space may separate the currency mark from the number; a
  grouped number may not start with 0 ("0,123" is a decimal comma).
- XLSX: a row's missing trailing cells are empty values; only a non-empty cell
  right of the header's last column makes "a different number of fields".
  Rows whose cells are all empty are blank and not records.
- Not implemented here (not in the sample): UTF-16, "sep=" lines, legacy
  encodings, --sheet, SQL sources.
- monthly-trend lists the months that have orders (only daily-trend is
  specified to fill gaps with zeros).
- top-spenders ranks 1, 2, 3, ... in order (ties broken by customer_id, so
  ranks are unique) and lists every customer with a line in the window;
  unmatched orders belong to no customer and are not ranked.
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
ACCEPT_REJECTS = False      # --accept-rejects: the share does not fail a batch
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


_MOBILE_DROP = re.compile("[ \u00a0\\-\u2010-\u2015()]")


def normalize_mobile(raw):
    """Contract v3: return (10 digits or None, [warning reasons]).

    A trailing ".0" (".00", ...) a spreadsheet added is removed first (a
    warning); then U+0020, U+00A0, '-', U+2010..U+2015, '(' and ')' are
    dropped; anything else but ASCII digits and one leading '+' (a '.'
    included) is invalid.  Then exactly one prefix goes: "+91", "0091", "91"
    of 12 digits or "0" of 11; 10 digits starting 6-9 remain."""
    warns = []
    m = re.fullmatch(r"(.*)\.0+", raw, re.S)
    if m:
        raw = m.group(1)
        warns.append("mobile_float_suffix")
    s = _MOBILE_DROP.sub("", raw)
    if not re.fullmatch(r"\+?[0-9]+", s):
        return None, []
    if s.startswith("+"):
        if not re.fullmatch(r"\+91[0-9]{10}", s):
            return None, []
        s = s[3:]
    elif len(s) == 14 and s.startswith("0091"):
        s = s[4:]
    elif len(s) == 12 and s.startswith("91"):
        s = s[2:]
    elif len(s) == 11 and s.startswith("0"):
        s = s[1:]
    if not re.fullmatch(r"[6-9][0-9]{9}", s):
        return None, []
    return s, warns


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
            warns.append("utf8_repaired")
    else:
        text = raw_bytes_or_str
    text = text.strip(WS)
    if _FLAGGED.search(text):
        warns.append("control_chars")
    return text, warns


_TS = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
                 r"(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?")


def parse_time(text, tz):
    """Contract v3: YYYY-MM-DD, T or space, HH:MM with optional :SS and
    fraction, optional Z or +hh:mm / +hhmm.  Without an offset the time is in
    the source time zone tz; a local time a DST change skips or repeats is
    rejected.  Returns Unix seconds (whole: a fraction is dropped) or None."""
    m = _TS.fullmatch(text)
    if not m:
        return None
    y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
    sec = int(m.group(6) or 0)
    if sec == 60:
        sec = 59          # a leap second keeps its minute and day
    off = m.group(7)
    if h > 23 or mi > 59 or sec > 59:
        return None
    if off is None:
        zone = tz
    elif off == "Z":
        zone = dt.timezone.utc
    else:
        digits = off[1:].replace(":", "")
        oh, om = int(digits[:2]), int(digits[2:])
        if oh > 23 or om > 59:
            return None
        delta = dt.timedelta(hours=oh, minutes=om)
        zone = dt.timezone(-delta if off[0] == "-" else delta)
    try:
        t = dt.datetime(y, mo, d, h, mi, sec, tzinfo=zone)
    except ValueError:
        return None
    if off is None:
        t0, t1 = t.replace(fold=0), t.replace(fold=1)
        if t0.utcoffset() != t1.utcoffset():
            return None   # repeated by a DST change: ambiguous
        back = t.astimezone(dt.timezone.utc).astimezone(tz)
        if back.replace(tzinfo=None) != t.replace(tzinfo=None):
            return None   # skipped by a DST change
    return int(t.timestamp())


def parse_count(text):
    """sku_count: an integer >= 1; "2.0" is 2 (a warning).  (count, warns)
    or (None, [])."""
    m = re.fullmatch(r"([0-9]+)(\.0+)?", text)
    if not m or int(m.group(1)) < 1:
        return None, []
    return int(m.group(1)), (["sku_count_decimal"] if m.group(2) else [])


_CURRENCY = ["\u20b9", "Rs.", "Rs", "INR"]     # as written; "Rs." before "Rs"


def _grouping_ok(groups):
    western = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    indian = (1 <= len(groups[0]) <= 2 and len(groups[-1]) == 3
              and all(len(g) == 2 for g in groups[1:-1]))
    return western or indian


def parse_amount(text):
    """Contract v3: a decimal >= 0 with at most 2 decimals -> minor units.
    One currency mark (U+20B9, Rs, Rs., INR) before or after (one space
    between allowed) and commas in a valid Western (1,234,567.50) or Indian
    (12,34,567.50) grouping are accepted with a warning.  Returns (minor,
    warns) or (None, [])."""
    warns = []
    for mark in _CURRENCY:
        if text.startswith(mark):
            text = text[len(mark):]
            if text.startswith(" "):
                text = text[1:]
            warns.append("amount_currency")
            break
    else:
        for mark in _CURRENCY:
            if text.endswith(mark):
                text = text[:-len(mark)]
                if text.endswith(" "):
                    text = text[:-1]
                warns.append("amount_currency")
                break
    m = re.fullmatch(r"([0-9][0-9,]*)(?:\.([0-9]{1,2}))?", text)
    if not m:
        return None, []
    units = m.group(1)
    if "," in units:
        groups = units.split(",")
        if units.startswith("0") or not all(groups) or not _grouping_ok(groups):
            return None, []
        units = "".join(groups)
        warns.append("amount_grouping")
    return int(units) * 100 + int(((m.group(2) or "") + "00")[:2]), warns


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
    """Yield (line, {field: text}) per record: every element child of the
    root, whatever its name; fields are its attributes and child elements,
    matched by local name (a namespace prefix dropped) after column-name
    normalization; a field given twice keeps its first occurrence, attributes
    first.  DOCTYPE refused."""
    p = xml.parsers.expat.ParserCreate()
    out, state = [], {"rec": None, "field": None, "buf": [], "depth": 0}

    def local(name):
        return normalize_column(name.rsplit(":", 1)[-1])

    def start(tag, attrs):
        state["depth"] += 1
        if state["depth"] == 2:
            fields = {}
            for k, v in attrs.items():
                if k == "xmlns" or k.startswith("xmlns:"):
                    continue
                fields.setdefault(local(k), v)
            state["rec"] = (p.CurrentLineNumber, fields)
        elif state["rec"] is not None and state["depth"] == 3:
            state["field"], state["buf"] = local(tag), []

    def end(tag):
        if state["field"] is not None and state["depth"] == 3:
            state["rec"][1].setdefault(state["field"], "".join(state["buf"]))
            state["field"] = None
        elif state["rec"] is not None and state["depth"] == 2:
            out.append(state["rec"])
            state["rec"] = None
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
        self.scope = None       # orders: "line", "order" or None (undecided)
        self.asked = "auto"
        self.multi = self.repeat = 0

    def reject(self, line, col, reason, value):
        self.rejected.append((line, col, reason, value))

    def evidence(self):
        """The amount scope and its evidence, as the check report says it."""
        name = self.scope or "undecided (use --amount-scope line or order)"
        asked = " (as asked)" if self.asked != "auto" else ""
        if self.multi == 0:
            return "amount scope: %s%s, no order has two or more lines" % (name, asked)
        return ("amount scope: %s%s, %d of %d multi-line orders repeat their total"
                % (name, asked, self.repeat, self.multi))

    def summary(self):
        by = {}
        for r in self.rejected:
            by[r[2]] = by.get(r[2], 0) + 1
        ok = ACCEPT_REJECTS or not (self.read and
                                    len(self.rejected) / self.read > REJECT_SHARE)
        if self.kind == "orders" and self.scope is None:
            ok = False
        out = {"kind": self.kind, "file": os.path.basename(self.path),
               "sha256": self.sha, "read": self.read, "loaded": self.loaded,
               "rejected": len(self.rejected), "duplicates": self.duplicates,
               "warnings": self.warnings,
               "rejected_by_reason": dict(sorted(by.items())),
               "status": "committed" if ok else "refused"}
        if self.kind == "orders":
            if self.scope is not None:
                out["amount_scope"] = self.scope
            out["amount_evidence"] = self.evidence()
            out["multi_line_orders"] = self.multi
            out["orders_repeating_total"] = self.repeat
        out["batch_ok"] = ok
        return out

    @property
    def ok(self):
        return self.summary()["batch_ok"]


def _header_at(records, required, path):
    """The header: the first row among the first 20 lines that holds every
    required column (title rows above it skipped).  Returns (header, rest)."""
    records = iter(records)
    first = None
    for line, fields, padded in records:
        names = [normalize_column(clean_text(v)[0]) for v in fields]
        if first is None:
            first = names
        if all(c in names for c in required):
            return names, records
        if line >= 20:
            break
    missing = [c for c in required if c not in (first or [])]
    raise SystemExit("%s: missing column(s) %s; found %s"
                     % (path, ", ".join(missing), ", ".join(first or ["none"])))


def import_customers(path):
    b = Batch("customers", path)
    if path.lower().endswith(".xlsx"):
        records = ((ln, [v.encode("utf-8") for v in f], True) for ln, f in read_xlsx(path))
    else:
        records = ((ln, f, False) for ln, f in read_csv(path))
    header, records = _header_at(records, CUSTOMER_COLUMNS, path)
    seen_id = {}          # customer_id -> (name, mobile, region) of its row
    seen_mobile = set()
    for line, fields, padded in records:
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
            if name in CUSTOMER_COLUMNS and name not in vals:
                vals[name] = text
                warns += [(name, x, text) for x in w]
        bad = None
        for col, why in (("customer_id", "customer_id_empty"),
                         ("customer_name", "customer_name_empty"),
                         ("mobile_number", "mobile_empty")):
            if vals[col] == "":
                bad = (col, why, "")
                break
        mobile = None
        if not bad:
            mobile, mw = normalize_mobile(vals["mobile_number"])
            if mobile is None:
                bad = ("mobile_number", "mobile_invalid", vals["mobile_number"])
            warns += [("mobile_number", x, vals["mobile_number"]) for x in mw]
        region = normalize_region(vals["region"])
        if not bad and vals["customer_id"] in seen_id:
            if seen_id[vals["customer_id"]] == (vals["customer_name"], mobile, region):
                # Identical to an earlier row after normalization: a duplicate.
                b.duplicates += 1
                b.dropped.append((line, "customer_id", "duplicate_row",
                                  vals["customer_id"]))
                continue
            bad = ("customer_id", "customer_id_duplicate", vals["customer_id"])
        if not bad and mobile in seen_mobile:
            bad = ("mobile_number", "mobile_duplicate", vals["mobile_number"])
        if bad:
            b.reject(line, *bad)
            continue
        seen_id[vals["customer_id"]] = (vals["customer_name"], mobile, region)
        if region is None:
            region = "(unknown)"
            warns.append(("region", "region_empty", vals["region"]))
        seen_mobile.add(mobile)
        b.loaded += 1
        if warns:
            b.warnings += 1
            b.warned += [(line,) + w for w in warns]
        b.rows.append({"customer_id": vals["customer_id"],
                       "customer_name": vals["customer_name"],
                       "mobile": mobile, "region": region})
    return b


def decide_scope(multi, repeat):
    """Under auto: M = 0 or R <= M/2 reads lines, R = M order totals, else
    undecided (None: the batch fails, nothing is loaded)."""
    if multi == 0 or 2 * repeat <= multi:
        return "line"
    if repeat == multi:
        return "order"
    return None


def import_orders(path, tz, scope="auto"):
    b = Batch("orders", path)
    b.asked = scope
    seen = {}     # (order_id, sku_id) -> normalized values of the accepted line
    first = {}    # order_id -> its first accepted line
    amounts = {}  # order_id -> amounts of its accepted lines (the evidence)
    for line, fields in read_orders_xml(path):
        b.read += 1
        missing = [c for c in ORDER_COLUMNS if c not in fields]
        if missing:
            b.reject(line, "", "missing_field", "missing " + ", ".join(missing))
            continue
        vals, warns = {}, []
        for name in ORDER_COLUMNS:
            text, w = clean_text(fields[name])
            vals[name] = text
            warns += [(name, x, text) for x in w]
        bad = None
        for col in ORDER_COLUMNS:
            if vals[col] == "":
                bad = (col, "field_empty", "")
                break
        if not bad:
            mobile, mw = normalize_mobile(vals["mobile_number"])
            when = parse_time(vals["order_date_time"], tz)
            count, cw = parse_count(vals["sku_count"])
            minor, aw = parse_amount(vals["total_amount"])
            if mobile is None:
                bad = ("mobile_number", "mobile_invalid", vals["mobile_number"])
            elif when is None:
                bad = ("order_date_time", "date_invalid", vals["order_date_time"])
            elif count is None:
                bad = ("sku_count", "sku_count_invalid", vals["sku_count"])
            elif minor is None:
                bad = ("total_amount", "amount_invalid", vals["total_amount"])
        if bad:
            b.reject(line, *bad)
            continue
        warns += [("mobile_number", x, vals["mobile_number"]) for x in mw]
        warns += [("sku_count", x, vals["sku_count"]) for x in cw]
        warns += [("total_amount", x, vals["total_amount"]) for x in aw]
        oid = vals["order_id"]
        key = (oid, vals["sku_id"])
        norm = (mobile, when, count, minor)
        if key in seen:
            if seen[key] == norm:
                b.duplicates += 1
                b.dropped.append((line, "order_id", "duplicate_line", oid))
            else:
                b.reject(line, "sku_id", "conflicting_line", vals["sku_id"])
            continue
        f = first.get(oid)
        if f and f["mobile"] != mobile:
            b.reject(line, "mobile_number", "order_conflict", vals["mobile_number"])
            continue
        if f and f["at"] != when:
            b.reject(line, "order_date_time", "order_conflict", vals["order_date_time"])
            continue
        # The evidence counts the line before order_total_conflict applies.
        amounts.setdefault(oid, []).append(minor)
        if scope == "order" and f and f["minor"] != minor:
            b.reject(line, "total_amount", "order_total_conflict", vals["total_amount"])
            continue
        seen[key] = norm
        b.loaded += 1
        if warns:
            b.warnings += 1
            b.warned += [(line,) + w for w in warns]
        row = {"order_id": oid, "mobile": mobile, "at": when,
               "day": dt.datetime.fromtimestamp(when, tz).date(),
               "sku_id": vals["sku_id"], "count": count, "minor": minor,
               "first": f is None}
        if f is None:
            first[oid] = row
        b.rows.append(row)
    multi = [a for a in amounts.values() if len(a) >= 2]
    b.multi = len(multi)
    b.repeat = sum(1 for a in multi if len(set(a)) == 1)
    b.scope = decide_scope(b.multi, b.repeat) if scope == "auto" else scope
    # Revenue: each line's amount, or read as order totals the order's amount
    # once, on its first line (its day, its customer).
    for row in b.rows:
        row["revenue"] = row["minor"] if b.scope == "line" or row["first"] else 0
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
            rev[0] += o["revenue"]
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
            spend.setdefault(c["customer_id"], [c["customer_name"], 0])[1] += o["revenue"]
    top = sorted(spend.items(), key=lambda kv: (-kv[1][1], kv[0]))
    out("top-spenders", ["rank", "customer_id", "customer_name", "total_spend"],
        [[i + 1, cid, nm, money(m)] for i, (cid, (nm, m)) in enumerate(top)])
    return res


# ---------------------------------------------------------------- main

def as_of_of(res):
    return dt.date.fromisoformat(res["daily-trend"]["as_of"])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "..", "..", "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", default=os.path.join(data, "task_DE_new_customers.csv"))
    ap.add_argument("--orders", default=os.path.join(data, "task_DE_new_orders.xml"))
    ap.add_argument("--tz", "--source-tz", default="Asia/Kolkata",
                    help="the data (and source) time zone")
    ap.add_argument("--amount-scope", choices=["auto", "line", "order"], default="auto",
                    help="how total_amount is read (DESIGN.md section 2, amount scope)")
    ap.add_argument("--as-of", type=dt.date.fromisoformat)
    ap.add_argument("--accept-rejects", action="store_true",
                    help="a batch over the reject share is committed anyway")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--kpi", choices=KPI_NAMES + ["all"])
    g.add_argument("--summary", action="store_true")
    g.add_argument("--rejects", action="store_true")
    args = ap.parse_args()
    tz = ZoneInfo(args.tz)
    global ACCEPT_REJECTS
    ACCEPT_REJECTS = args.accept_rejects

    cb = import_customers(args.customers)
    ob = import_orders(args.orders, tz, args.amount_scope)
    customers = cb.rows if cb.ok else []
    orders = ob.rows if ob.ok else []
    res = kpis(customers, orders, args.as_of)

    if args.kpi:
        # stdout is exactly `kpidesk kpi --format json`; the reading of the
        # orders goes to stderr.
        print("%s: %s%s" % (os.path.basename(ob.path), ob.evidence(),
                            "" if ob.ok else " (batch refused: no orders)"),
              file=sys.stderr)
        obj = res if args.kpi == "all" else res.get(args.kpi)
        print(json.dumps(obj, ensure_ascii=False, indent=1))
    elif args.summary:
        for b in (cb, ob):
            s = b.summary()
            print("%-9s %s: read=%d loaded=%d rejected=%d duplicates=%d warnings=%d"
                  " status=%s%s"
                  % (s["kind"], s["file"], s["read"], s["loaded"], s["rejected"],
                     s["duplicates"], s["warnings"], s["status"],
                     "" if s["batch_ok"] else "  (nothing is loaded)"))
            if s["rejected_by_reason"]:
                print("          rejected_by_reason: " + ", ".join(
                    "%s=%d" % kv for kv in s["rejected_by_reason"].items()))
            if b.kind == "orders":
                print("          amount_scope: %s (%s)"
                      % (s.get("amount_scope", "undecided"), s["amount_evidence"]))
            w = {}
            for x in b.warned:
                w[x[2]] = w.get(x[2], 0) + 1
            if w:
                print("          warnings_by_reason: " + ", ".join(
                    "%s=%d" % kv for kv in sorted(w.items())))
        if res:
            k = res["daily-trend"]
            empty = [r[0] for r in k["rows"] if r[1] == 0]
            print("as_of %s; days %s..%s; days without orders: %s"
                  % (k["as_of"], k["rows"][0][0], k["rows"][-1][0], ", ".join(empty) or "none"))
            for name in KPI_NAMES:
                print("  %-17s %d rows" % (name, len(res[name]["rows"])))
            reg = res["regional-revenue"]["rows"]
            print("  orders %d, revenue %s; as line amounts the lines sum to %s"
                  % (sum(r[1] for r in reg),
                     money(sum(o["revenue"] for o in orders if o["day"] < as_of_of(res))),
                     money(sum(o["minor"] for o in orders if o["day"] < as_of_of(res)))))
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
