#!/usr/bin/env python3
"""Generate the sample data in data/ (deterministic, standard library only).

    python3 tests/data/make_sample.py [--out DATA_DIR] [--line-amounts FILE]

Writes task_DE_new_customers.csv and task_DE_new_orders.xml to DATA_DIR, and
tests/data/orders_line_amounts.xml.  The two XML files hold the same orders
read two ways (contract v3, amount scope): task_DE_new_orders.xml as the
task's real files write them, every line of an order carrying the ORDER's
total (read as order totals: R == M), orders_line_amounts.xml with each line
carrying its own amount (read as line amounts: R <= M/2).  They differ only in
total_amount on lines of multi-line orders and in one line (an order_conflict,
a line with another customer's mobile) that only the order-totals file has.

The XLSX copy of the customers is made from the CSV by tests/data/make_xlsx.py,
and the counts and KPIs that a correct import gives are computed independently
(from the files, not from this script) by tests/data/expected.py.  data/README
lists the deliberate defects; keep it in step when changing anything here.

Every quirk and defect is placed at a fixed record so that data/README can name
its line.  Re-running this script gives byte-identical files.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random

SEED = 20251013

FIRST = [
    "Aarav", "Vivaan", "Aditya", "Vihaan", "Arjun", "Sai", "Reyansh", "Krishna",
    "Ishaan", "Shaurya", "Rohan", "Kabir", "Ananya", "Diya", "Saanvi", "Aadhya",
    "Pari", "Anika", "Navya", "Myra", "Kiara", "Meera", "Priya", "Lakshmi",
    "Karthik", "Suresh", "Ramesh", "Venkatesh", "Sundar", "Lavanya", "Divya",
    "Harpreet", "Gurpreet", "Manpreet", "Simran", "Jaspreet", "Sourav", "Debashis",
    "Arijit", "Ritika", "Moumita", "Subhashree", "Bhavesh", "Hetal", "Jignesh",
    "Nidhi", "Pooja", "Farhan", "Ayesha", "Imran", "Zainab", "Tanvir", "Neha",
    "Siddharth", "Nikhil", "Tanvi", "Sneha", "Amol", "Shruti", "Gaurav", "Deepa",
    "Anil", "Sunita", "Manoj", "Kavita", "Rahul", "Swati", "Vikram", "Rekha",
    "Abhishek", "Nandini", "Yash", "Rupali", "Pranav", "Aparna", "Joseph", "Mary",
    "Thomas", "Anjali", "Mohan", "Geeta",
]
LAST = [
    "Mehta", "Sharma", "Verma", "Gupta", "Iyer", "Iyengar", "Nair", "Menon",
    "Pillai", "Reddy", "Rao", "Naidu", "Krishnan", "Subramanian", "Singh",
    "Kaur", "Gill", "Sandhu", "Banerjee", "Chatterjee", "Mukherjee", "Das",
    "Ghosh", "Bose", "Patel", "Shah", "Desai", "Joshi", "Kulkarni", "Deshpande",
    "Patil", "Jadhav", "Khan", "Qureshi", "Ansari", "Siddiqui", "Mishra",
    "Tiwari", "Pandey", "Yadav", "Chauhan", "Rathore", "Saxena", "Srivastava",
    "Agarwal", "Bhat", "Hegde", "Shetty", "Kamath", "Fernandes", "Pereira",
    "D'Souza", "Mathew", "Thomas", "George", "Bhattacharya", "Sen", "Dutta",
    "Mohanty", "Panda", "Barua", "Bora",
]

# Names that exercise the reader: non-ASCII, quoting, trimming.
SPECIAL_NAMES = {
    6: "Zoë D'Souza",
    19: "अनन्या शर्मा",                  # Devanagari
    34: "Sharma, Rohit",                # comma: quoted in the CSV
    52: 'Ravi "Ricky" Kumar',          # embedded quotes: doubled in the CSV
    88: "  Priya Nair ",                # padding: trimmed on import
    97: "கார்த்திக் ராஜா",                # Tamil
    121: "Iyer, Lakshmi S.",            # comma
    146: "Renée Fernandes",
    163: "Shreyas Kulkarni-Deshpande",
    188: "Mohammed Zaheer Abbas Qureshi",
}

REGIONS = ["North", "South", "East", "West", "Central"]
REGION_WEIGHTS = [24, 28, 16, 22, 10]
REGION_SPELLINGS = {
    "North": ["North", "North", "North", "north", " NORTH ", "North "],
    "South": ["South", "South", "South", "south", "SOUTH", " South"],
    "East": ["East", "East", "east", "EAST ", "East"],
    "West": ["West", "West", "West", "west", "WEST", "  west  "],
    "Central": ["Central", "Central", "central", "CENTRAL", " Central "],
}

N_CUSTOMER_RECORDS = 200

# Customer defects, by 1-based data record (file line = record + 1).
REC_INVALID_MOBILE = 23     # 9 digits
REC_EMPTY_ID = 41           # customer_id empty
REC_REPEATED_ID = 77        # reuses REPEATED_ID_OF's customer_id
REPEATED_ID_OF = 12
REC_REPEATED_MOBILE = 102   # same number as REPEATED_MOBILE_OF, other format
REPEATED_MOBILE_OF = 15
REC_EXTRA_FIELD = 133       # unquoted comma in the name -> 5 fields
REC_EMPTY_REGION = 170      # region empty -> (unknown), warning
CUSTOMER_DEFECTS = {REC_INVALID_MOBILE, REC_EMPTY_ID, REC_REPEATED_ID,
                    REC_REPEATED_MOBILE, REC_EXTRA_FIELD, REC_EMPTY_REGION}
# Records whose mobile stays plain digits: make_xlsx.py writes these two
# as numeric cells.
PLAIN_MOBILE_RECORDS = {7, 150}

START = dt.date(2025, 7, 1)
END = dt.date(2025, 10, 12)
EMPTY_DAYS = {dt.date(2025, 7, 20), dt.date(2025, 8, 27),
              dt.date(2025, 9, 14), dt.date(2025, 10, 2)}
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))

SKUS = [("SKU-%d" % (1001 + i), p) for i, p in enumerate([
    3725, 199.50, 1499, 249, 899, 12999, 549.99, 75, 2399, 329,
    1850, 99.50, 649, 4999, 1199, 289.75, 7450, 159, 2799, 449,
    999, 3499, 129.99, 5999, 799, 1299.50, 349, 24999, 189, 1599,
])]


def fmt_mobile(rng, digits, style=None, kind="customers"):
    """Render a 10-digit number in one of the formats seen in real files.

    The tenth style ("alt", weight 3) is where contract v2's "987.654.3210"
    was; a '.' is invalid under contract v3, so the slot now holds a form v3
    accepts: in the customers a spreadsheet's float artifact "9876543210.0"
    (loaded with the warning mobile_float_suffix), in the orders a
    non-breaking space "98765\u00a043210" (dropped, no warning).  Same
    styles, weights and rng calls as before, so the rest of the data stays
    as it was."""
    a, b = digits[:5], digits[5:]
    styles = [
        ("plain", 55), ("+91 sp", 10), ("+91-", 5), ("91", 5), ("0", 5),
        ("0-", 3), ("sp", 8), ("(+91)", 2), ("alt", 3), ("+91", 4),
    ]
    if style is None:
        style = rng.choices([s for s, _ in styles], [w for _, w in styles])[0]
    return {
        "plain": digits,
        "+91 sp": "+91 %s %s" % (a, b),
        "+91-": "+91-" + digits,
        "91": "91" + digits,
        "0": "0" + digits,
        "0-": "0%s-%s" % (a, b),
        "sp": "%s %s" % (a, b),
        "(+91)": "(+91) %s-%s" % (a, b),
        "alt": (digits + ".0") if kind == "customers" else "%s\u00a0%s" % (a, b),
        "+91": "+91" + digits,
    }[style]


def new_mobile(rng, used):
    while True:
        d = rng.choices("6789", [10, 25, 25, 40])[0] + "".join(rng.choice("0123456789") for _ in range(9))
        if d not in used:
            used.add(d)
            return d


def make_customers(rng):
    """Return (csv_text, customers) where customers lists loadable rows as
    dicts with id, digits, region (canonical) for the order generator."""
    used = set()
    rows = []          # list of lists (fields) or raw str lines
    loadable = []      # (customer_id, digits, region) that an import keeps
    extra = {}         # per-record notes
    ids_seq = 0
    digits_by_rec = {}
    id_by_rec = {}
    for rec in range(1, N_CUSTOMER_RECORDS + 1):
        region = rng.choices(REGIONS, REGION_WEIGHTS)[0]
        region_text = rng.choice(REGION_SPELLINGS[region])
        name = SPECIAL_NAMES.get(rec) or "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        digits = new_mobile(rng, used)
        style = "plain" if rec in PLAIN_MOBILE_RECORDS else None
        mobile = fmt_mobile(rng, digits, style)
        if rec == REC_EMPTY_ID:
            cid = ""
        elif rec == REC_REPEATED_ID:
            cid = id_by_rec[REPEATED_ID_OF]
        else:
            ids_seq += 1
            cid = "CUST-%04d" % ids_seq
        id_by_rec[rec] = cid
        digits_by_rec[rec] = digits

        if rec == REC_INVALID_MOBILE:
            mobile = digits[:9]                     # one digit lost
        elif rec == REC_REPEATED_MOBILE:
            digits = digits_by_rec[REPEATED_MOBILE_OF]
            mobile = fmt_mobile(rng, digits, "+91 sp")
        elif rec == REC_EMPTY_REGION:
            region, region_text = "(unknown)", ""

        if rec == REC_EXTRA_FIELD:
            # A name typed as "Last, First" by hand and never quoted.
            rows.append("%s,Menon, Sreeja,%s,%s" % (cid, mobile, region_text))
            extra[rec] = digits
            continue
        rows.append([cid, name, mobile, region_text])
        if rec not in (REC_INVALID_MOBILE, REC_EMPTY_ID, REC_REPEATED_ID,
                       REC_REPEATED_MOBILE):
            loadable.append((cid, digits, region))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["customer_id", "customer_name", "mobile_number", "region"])
    for r in rows:
        if isinstance(r, str):
            out.write(r + "\n")
        else:
            w.writerow(r)
    out.write("\n")   # a trailing blank line, as some exporters leave: not a record
    return out.getvalue(), loadable, digits_by_rec, used


def amount_text(rng, minor):
    if minor % 100 == 0:
        return ("%d" % (minor // 100)) if rng.random() < 0.85 else "%d.00" % (minor // 100)
    if minor % 10 == 0 and rng.random() < 0.3:
        return "%d.%d" % (minor // 100, (minor % 100) // 10)      # 199.5
    return "%d.%02d" % (minor // 100, minor % 100)


def time_text(rng, local, force=None):
    """Render an aware IST datetime in one of the accepted ISO 8601 forms."""
    style = force or rng.choices(
        ["local", "space", "frac", "ist", "utc"], [87, 5, 3, 2.5, 2.5])[0]
    if style == "local":
        return local.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "space":
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if style == "frac":
        return local.strftime("%Y-%m-%dT%H:%M:%S") + ".%03d" % rng.randrange(1000)
    if style == "ist":
        return local.strftime("%Y-%m-%dT%H:%M:%S") + "+05:30"
    return local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def order_line(order_id, mobile, when, sku, count, amount, order_fields=None, pad_sku=False):
    f = {
        "order_id": order_id, "mobile_number": mobile, "order_date_time": when,
        "sku_id": (" %s " % sku) if pad_sku else sku, "sku_count": str(count),
        "total_amount": amount,
    }
    names = order_fields or ["order_id", "mobile_number", "order_date_time",
                             "sku_id", "sku_count", "total_amount"]
    return "  <order>" + "".join("<%s>%s</%s>" % (n, f[n], n) for n in names) + "</order>"


def make_orders(rng, loadable, digits_by_rec, used):
    # Who orders how often: a quarter never, a few very often.
    weights = []
    for cid, digits, region in loadable:
        weights.append(0.0 if rng.random() < 0.25 else rng.paretovariate(1.3))
    # The first holder of the repeated mobile and the customer with an empty
    # region get orders of their own, so those rules show in the KPIs.
    must = [digits_by_rec[REPEATED_MOBILE_OF], digits_by_rec[REPEATED_MOBILE_OF],
            digits_by_rec[REC_EMPTY_REGION]]
    unmatched_pool = [new_mobile(rng, used) for _ in range(4)]
    # The customer row rejected for its repeated customer_id: its number
    # matches nobody once that row is rejected.
    unmatched_pool.append(digits_by_rec[REC_REPEATED_ID])

    # Orders per day, then times within the day (IST), sorted.
    orders = []   # (local datetime, customer digits)
    day = START
    while day <= END:
        if day not in EMPTY_DAYS:
            n = rng.choices([1, 2, 3, 4, 5], [20, 30, 25, 15, 10])[0]
            if day.weekday() >= 5:
                n += 1
            for _ in range(n):
                secs = int(rng.triangular(7 * 3600, 23.5 * 3600, 19 * 3600))
                local = dt.datetime.combine(day, dt.time(), IST) + dt.timedelta(seconds=secs)
                orders.append([local, None])
        day += dt.timedelta(days=1)
    # Two late-night orders (00:00-05:29 IST) that will be written in UTC,
    # i.e. on the previous UTC date.
    for d, hm in ((dt.date(2025, 8, 16), (1, 40, 5)), (dt.date(2025, 9, 23), (0, 12, 48))):
        local = dt.datetime.combine(d, dt.time(*hm), IST)
        orders.append([local, "cross"])
    orders.sort(key=lambda o: o[0])

    n_orders = len(orders)
    lines = []            # XML lines (without the newline)
    notes = {}            # note per line index (0-based within lines)
    up = iter(unmatched_pool)
    order_no = 0
    # Indices of orders that get a defect instead of normal lines (single-line orders).
    def_positions = {
        "negative": int(n_orders * 0.21),
        "count0": int(n_orders * 0.38),
        "baddate": int(n_orders * 0.52),
        "3dec": int(n_orders * 0.67),
    }
    def_at = {v: k for k, v in def_positions.items()}
    dup_order = int(n_orders * 0.30)         # an exact repeat of one of its lines
    conflict_order = int(n_orders * 0.74)    # a second line, other amount
    reorder_order = int(n_orders * 0.45)     # fields in another element order
    pad_order = int(n_orders * 0.58)         # padded sku_id (trimmed)
    special = set(def_at) | {dup_order, conflict_order}
    special |= {k for k, o in enumerate(orders) if o[1] == "cross"}
    unmatched_at = set(rng.sample([k for k in range(10, n_orders - 5) if k not in special],
                                  len(unmatched_pool)))
    special |= unmatched_at
    forced_at = dict(zip(rng.sample([k for k in range(10, n_orders - 5) if k not in special],
                                    len(must)), must))

    # An order whose second line carries another customer's mobile
    # (rejected order_conflict), in the order-totals file only: the first
    # two-line order from this position on that has no other quirk.
    mobile_conflict_from = int(n_orders * 0.83)
    mobile_conflict_done = False
    special |= set(forced_at)

    for k, (local, tag) in enumerate(orders):
        order_no += 1
        oid = "ORD-2025-%04d" % order_no
        if k in unmatched_at:
            digits = next(up)
            who = "unmatched"
        elif k in forced_at:
            digits = forced_at[k]
            who = "forced"
        else:
            i = rng.choices(range(len(loadable)), weights)[0]
            digits = loadable[i][1]
            who = loadable[i][0]
        mobile = fmt_mobile(rng, digits, kind="orders")
        when = time_text(rng, local, "utc" if tag == "cross" else None)
        d = def_at.get(k)
        if d or k in (dup_order, conflict_order):
            nlines = 2 if k in (dup_order, conflict_order) else 1
        else:
            nlines = rng.choices([1, 2, 3], [70, 22, 8])[0]
        skus = rng.sample(SKUS, nlines)
        # This order's lines: [fields for order_line, its own amount, note].
        olines = []
        total = 0
        for j, (sku, price) in enumerate(skus):
            count = rng.choices([1, 2, 3, 4, 5], [55, 25, 10, 6, 4])[0]
            minor = int(round(price * 100)) * count
            total += minor
            amount = amount_text(rng, minor)
            fields_order = None
            if d == "negative":
                amount = "-" + amount
            elif d == "count0":
                count = 0
            elif d == "baddate":
                when = "2025-09-31T11:20:00"
            elif d == "3dec":
                amount = "%d.%03d" % (minor // 100, (minor % 100) * 10 + 5)
            if k == reorder_order and j == 0:
                fields_order = ["order_id", "order_date_time", "mobile_number",
                                "total_amount", "sku_id", "sku_count"]
            note = d or ("unmatched" if who == "unmatched" else None)
            if tag == "cross" and j == 0:
                note = "cross-midnight"
            olines.append([dict(order_id=oid, mobile=mobile, when=when, sku=sku,
                                count=count, order_fields=fields_order,
                                pad_sku=(k == pad_order and j == 0)),
                           amount, note])
            if k == dup_order and j == 0:
                olines.append([olines[-1][0], amount, "duplicate"])
        # The order's total, written the same way on each of its lines (as the
        # first line writes its amount; no rng call, so the stream is kept).
        # A single-line order's total is its line's amount, as written.
        if nlines == 1:
            total_text = olines[0][1]
        else:
            total_text = amount_like(total, olines[0][1])
        for ol in olines:
            ol.append(total_text)
        if k == conflict_order:
            sku, price = skus[0]
            # Same order_id and sku_id as the order's first line, other amount
            # (in both files: neither the line's amount nor the order's total).
            amount = amount_text(rng, int(round(price * 100)) + 5000)
            assert amount not in (olines[0][1], total_text)
            olines.append([dict(olines[0][0], count=1, order_fields=None,
                                pad_sku=False), amount, "conflict", amount])
        if (not mobile_conflict_done and k >= mobile_conflict_from
                and nlines == 2 and k not in special and k != reorder_order
                and k != pad_order and tag != "cross"):
            other = next(c[1] for c in loadable if c[1] != digits)
            olines[1][0] = dict(olines[1][0], mobile=other)
            olines[1][2] = "order_conflict"
            olines[1].append(True)       # in the order-totals file only
            mobile_conflict_done = True
        for ol in olines:
            f, line_amount, note, total_amount = ol[:4]
            totals_only = len(ol) > 4
            if note:
                notes[len(lines)] = note
            totals_line = order_line(f["order_id"], f["mobile"], f["when"], f["sku"],
                                     f["count"], total_amount, f["order_fields"],
                                     f["pad_sku"])
            if totals_only:
                f = dict(f, mobile=mobile)
            lines.append((totals_line,
                          order_line(f["order_id"], f["mobile"], f["when"], f["sku"],
                                     f["count"], line_amount, f["order_fields"],
                                     f["pad_sku"])))
    assert mobile_conflict_done
    return lines, notes


def amount_like(minor, sample):
    """minor written as sample writes its amount: "7450" or "7450.00" for a
    whole amount, "199.5" or "199.50" otherwise."""
    frac = sample.split(".", 1)[1] if "." in sample else ""
    if minor % 100 == 0:
        return "%d.00" % (minor // 100) if frac == "00" else "%d" % (minor // 100)
    if minor % 10 == 0 and len(frac) == 1:
        return "%d.%d" % (minor // 100, (minor % 100) // 10)
    return "%d.%02d" % (minor // 100, minor % 100)


def write_xml(path, lines):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n')
        f.write("\n".join(lines) + "\n")
        f.write("</orders>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "data"))
    ap.add_argument("--line-amounts", default=os.path.join(here, "orders_line_amounts.xml"),
                    help="where the line-amounts variant of the orders goes")
    ap.add_argument("--notes", action="store_true",
                    help="print the line of each placed quirk/defect")
    args = ap.parse_args()
    rng = random.Random(SEED)
    csv_text, loadable, digits_by_rec, used = make_customers(rng)
    lines, notes = make_orders(rng, loadable, digits_by_rec, used)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "task_DE_new_customers.csv"), "w",
              encoding="utf-8", newline="") as f:
        f.write(csv_text)
    # The task's reading: each line carries its order's total.
    write_xml(os.path.join(args.out, "task_DE_new_orders.xml"), [t for t, _ in lines])
    # The same orders, each line with its own amount.
    write_xml(args.line_amounts, [l for _, l in lines])
    if args.notes:
        for i in sorted(notes):
            print("orders.xml line %d: %s" % (i + 3, notes[i]))
        for rec in sorted(CUSTOMER_DEFECTS):
            print("customers.csv line %d: record %d" % (rec + 1, rec))
    print("wrote %d customer records, %d order lines" % (N_CUSTOMER_RECORDS, len(lines)))


if __name__ == "__main__":
    main()
