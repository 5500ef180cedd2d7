#!/usr/bin/env python3
"""The import steps done the notebook way, in pandas: the benchmark baseline.

    python3 tests/bench/pandas_baseline.py --dir DIR [--db OUT.db]

DIR holds customers.csv and orders.xml from tests/bench/gen.py.  The steps
mirror `kpidesk import customers` + `kpidesk import orders`: read the customers
CSV, normalize column names, trim, normalize mobiles and regions, drop invalid
and repeated rows; parse the orders XML (xml.etree iterparse, streaming the
parse but, as pandas does, holding every row in memory), normalize and validate
the six fields, drop exact repeats, reject conflicting (order_id, sku_id)
lines, join orders to customers on the mobile number, and write both tables to
a fresh SQLite database.  Prints

    pandas_import_s=SECONDS pandas_peak_rss_kib=KIB

(peak RSS of this process from getrusage).  Without pandas it prints
`pandas: not installed` and exits 0.  On Debian, pandas is python3-pandas,
seen by /usr/bin/python3 (not necessarily by a pyenv python3 earlier on PATH).
"""

import argparse
import os
import re
import resource
import sqlite3
import sys
import time
import xml.etree.ElementTree as ET

try:
    import pandas as pd
except ImportError:
    print("pandas: not installed")
    sys.exit(0)

ORDER_COLUMNS = ["order_id", "mobile_number", "order_date_time", "sku_id",
                 "sku_count", "total_amount"]


def norm_col(c):
    c = c.lstrip("\ufeff").strip().lower()
    c = re.sub(r"[ \-]+", "_", c)
    c = re.sub(r"[^a-z0-9_]", "", c)
    return re.sub(r"_+", "_", c)


def norm_mobile(s):
    s = s.str.replace(r"[ \-.()]", "", regex=True)
    s = s.str.replace(r"^(?:\+91|91)(?=[0-9]{10}$)", "", regex=True)
    s = s.str.replace(r"^0(?=[0-9]{10}$)", "", regex=True)
    return s.where(s.str.fullmatch(r"[6-9][0-9]{9}"))


def load_customers(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df.columns = [norm_col(c) for c in df.columns]
    for c in ("customer_id", "customer_name", "mobile_number", "region"):
        df[c] = df[c].str.strip()
    df["mobile"] = norm_mobile(df["mobile_number"])
    ok = (df["customer_id"] != "") & (df["customer_name"] != "") & df["mobile"].notna()
    df = df[ok]
    df = df.drop_duplicates("customer_id", keep="first")
    df = df.drop_duplicates("mobile", keep="first")
    region = df["region"].str.split().str.join(" ").str.title()
    df["region"] = region.mask(region == "", "(unknown)")
    return df[["customer_id", "customer_name", "mobile", "region"]]


def load_orders(path):
    cols = {c: [] for c in ORDER_COLUMNS}
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "order":
            for c in ORDER_COLUMNS:
                cols[c].append(elem.findtext(c, default=""))
            elem.clear()
    df = pd.DataFrame(cols)
    for c in ORDER_COLUMNS:
        df[c] = df[c].str.strip()
    df["mobile"] = norm_mobile(df["mobile_number"])
    if int(pd.__version__.split(".")[0]) >= 2:
        ts = pd.to_datetime(df["order_date_time"], format="ISO8601", errors="coerce")
    else:                                   # 1.x infers the ISO format itself
        ts = pd.to_datetime(df["order_date_time"], errors="coerce")
    if ts.dt.tz is None:
        ts = ts.dt.tz_localize("Asia/Kolkata")
    df["ts_utc"] = ts.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    df["local_day"] = ts.dt.tz_convert("Asia/Kolkata").dt.strftime("%Y-%m-%d")
    df["sku_count"] = pd.to_numeric(df["sku_count"], errors="coerce")
    amount_ok = df["total_amount"].str.fullmatch(r"[0-9]+(?:\.[0-9]{1,2})?")
    df["amount_minor"] = (pd.to_numeric(df["total_amount"], errors="coerce") * 100).round()
    ok = (df["mobile"].notna() & ts.notna() & (df["sku_count"] >= 1) & amount_ok
          & (df["order_id"] != "") & (df["sku_id"] != ""))
    df = df[ok]
    keep = ["order_id", "sku_id", "mobile", "ts_utc", "sku_count", "amount_minor"]
    df = df.drop_duplicates(keep)                                  # exact repeats
    df = df.drop_duplicates(["order_id", "sku_id"], keep="first")  # conflicts
    df["sku_count"] = df["sku_count"].astype("int64")
    df["amount_minor"] = df["amount_minor"].astype("int64")
    return df[keep + ["local_day"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--db", help="output database (default DIR/pandas_baseline.db)")
    args = ap.parse_args()
    db = args.db or os.path.join(args.dir, "pandas_baseline.db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)

    t0 = time.monotonic()
    customers = load_customers(os.path.join(args.dir, "customers.csv"))
    orders = load_orders(os.path.join(args.dir, "orders.xml"))
    joined = orders.merge(customers[["mobile", "customer_id", "region"]],
                          on="mobile", how="left")
    joined["region"] = joined["region"].fillna("(unmatched)")
    con = sqlite3.connect(db)
    with con:
        customers.to_sql("customers", con, index=False)
        joined.to_sql("order_lines", con, index=False)
    con.close()
    elapsed = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("pandas_import_s=%.2f pandas_peak_rss_kib=%d" % (elapsed, peak))
    print("pandas: %d customers, %d order lines loaded" % (len(customers), len(joined)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
