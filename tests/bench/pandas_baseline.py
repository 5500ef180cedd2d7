#!/usr/bin/env python3
"""The notebook's steps done the notebook way, in pandas: the benchmark baseline.

    python3 tests/bench/pandas_baseline.py --dir DIR [--db OUT.db]
        [--export OUT.xlsx [--engine openpyxl|xlsxwriter]]

DIR holds customers.csv and orders.xml from tests/bench/gen.py.  The import
steps mirror `kpidesk import customers` + `kpidesk import orders`: read the
customers CSV, normalize column names, trim, normalize mobiles and regions,
drop invalid and repeated rows; parse the orders XML (xml.etree iterparse,
streaming the parse but, as pandas does, holding every row in memory),
normalize and validate the six fields, drop exact repeats, reject
conflicting (order_id, sku_id) lines, join orders to customers on the mobile
number, and write both tables to a fresh SQLite database.  Prints

    pandas_import_s=SECONDS pandas_peak_rss_kib=KIB

With --export, the rest of the whole pipeline of issue 17 / DESIGN.md
section 6 follows on the frames in memory (as the notebook kept them): as_of
is the day after the latest order (kpidesk's default); the five KPIs over
the lines before as_of (repeat customers, daily and monthly trend, regional
revenue, top spenders of the 30 days before as_of), then the workbook with
DataFrame.to_excel: Summary, the five KPI sheets, Customers,
Current_Day_Orders, Previous_Day_Orders and Checks, money as numbers, days
as dates.  Its KPI, Customers and day sheets hold the same values as
kpidesk's export of the same files (checked on the 50k/500k files of
tests/bench/bench_pipeline.sh); Summary and Checks are shorter.  The
engine is pandas' own default for .xlsx (xlsxwriter when installed, else
openpyxl) unless --engine says.  Then it also prints

    pandas_pipeline_s=SECONDS pandas_kpi_s=S pandas_export_s=S engine=NAME pandas_peak_rss_kib=KIB

(pandas_pipeline_s is import + KPIs + export; peak RSS of this process from
getrusage).  Without pandas it prints `pandas: not installed` and exits 0.
On Debian, pandas is python3-pandas, seen by /usr/bin/python3 (not
necessarily by a pyenv python3 earlier on PATH).
"""

import argparse
import datetime
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
    return df[keep + ["local_day", "order_date_time"]]   # the text as given, as kpidesk keeps it


def kpis(customers, joined, as_of):
    """The five KPIs over the lines before as_of (a "YYYY-MM-DD")."""
    lines = joined[joined["local_day"] < as_of]
    names = customers[["customer_id", "customer_name", "mobile"]]
    per_mobile = lines.groupby("mobile")["order_id"].nunique()
    repeat = per_mobile[per_mobile > 1].rename("order_count").reset_index()
    repeat = repeat.merge(names, on="mobile")
    repeat = repeat.sort_values(["order_count", "customer_id"],
                                ascending=[False, True])
    repeat = repeat[["customer_id", "customer_name", "order_count"]]

    def trend(key, name):
        t = lines.groupby(key).agg(orders=("order_id", "nunique"),
                                   revenue=("amount_minor", "sum"))
        t = t.reset_index().rename(columns={key: name})
        t["revenue"] = t["revenue"] / 100
        return t

    daily = trend("local_day", "day")
    daily["day"] = pd.to_datetime(daily["day"])         # a date cell, as kpidesk writes
    lines = lines.assign(month=lines["local_day"].str[:7])
    monthly = trend("month", "month")
    regional = trend("region", "region").sort_values(
        ["revenue", "region"], ascending=[False, True])
    start = (datetime.date.fromisoformat(as_of)
             - datetime.timedelta(days=30)).isoformat()
    window = lines[(lines["local_day"] >= start) & lines["customer_id"].notna()]
    top = window.groupby("customer_id")["amount_minor"].sum().rename(
        "total_spend").reset_index()
    top = top.merge(names[["customer_id", "customer_name"]], on="customer_id")
    top = top.sort_values(["total_spend", "customer_id"], ascending=[False, True])
    top["total_spend"] = top["total_spend"] / 100
    top.insert(0, "rank", range(1, len(top) + 1))
    top = top[["rank", "customer_id", "customer_name", "total_spend"]]
    return {"KPI_Repeat_Customers": repeat, "KPI_Daily_Trend": daily,
            "KPI_Monthly_Trend": monthly, "KPI_Regional_Revenue": regional,
            "KPI_Top_Spenders": top}


def day_sheet(joined, day):
    d = joined[joined["local_day"] == day].sort_values(["order_id", "sku_id"])
    return pd.DataFrame({"order_id": d["order_id"], "mobile_number": d["mobile"],
                         "order_date_time": d["order_date_time"], "sku_id": d["sku_id"],
                         "sku_count": d["sku_count"],
                         "total_amount": d["amount_minor"] / 100})


def export(path, engine, customers, joined, tables, as_of, counts):
    """The report workbook, sheet by sheet, with DataFrame.to_excel."""
    day = datetime.date.fromisoformat(as_of)
    current = (day - datetime.timedelta(days=1)).isoformat()
    previous = (day - datetime.timedelta(days=2)).isoformat()
    before = joined[joined["local_day"] < as_of]
    summary = pd.DataFrame({"item": [
        "Report as of", "Current day", "Previous day", "Order lines before as_of",
        "Revenue before as_of"], "value": [
        as_of, current, previous, len(before), before["amount_minor"].sum() / 100]})
    checks = pd.DataFrame({"check": list(counts), "count": list(counts.values())})
    with pd.ExcelWriter(path, engine=engine, date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd") as xw:
        summary.to_excel(xw, sheet_name="Summary", index=False)
        for name, t in tables.items():
            t.to_excel(xw, sheet_name=name, index=False)
        customers.sort_values("customer_id").rename(
            columns={"mobile": "mobile_number"}).to_excel(
            xw, sheet_name="Customers", index=False)
        day_sheet(joined, current).to_excel(
            xw, sheet_name="Current_Day_Orders", index=False)
        day_sheet(joined, previous).to_excel(
            xw, sheet_name="Previous_Day_Orders", index=False)
        checks.to_excel(xw, sheet_name="Checks", index=False)


def default_engine():
    try:
        import xlsxwriter  # noqa: F401
        return "xlsxwriter"
    except ImportError:
        return "openpyxl"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--db", help="output database (default DIR/pandas_baseline.db)")
    ap.add_argument("--export", help="go on: the five KPIs and this workbook")
    ap.add_argument("--engine", help="to_excel engine (default: pandas' own)")
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
    print("pandas_import_s=%.2f pandas_peak_rss_kib=%d" % (elapsed, peak), flush=True)
    print("pandas: %d customers, %d order lines loaded" % (len(customers), len(joined)),
          file=sys.stderr)
    if not args.export:
        return
    t1 = time.monotonic()
    last = datetime.date.fromisoformat(joined["local_day"].max())
    as_of = (last + datetime.timedelta(days=1)).isoformat()
    tables = kpis(customers, joined, as_of)
    t2 = time.monotonic()
    engine = args.engine or default_engine()
    counts = {"customers loaded": len(customers), "order lines loaded": len(joined),
              "order lines unmatched": int(joined["customer_id"].isna().sum())}
    export(args.export, engine, customers, joined, tables, as_of, counts)
    t3 = time.monotonic()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("pandas_pipeline_s=%.2f pandas_kpi_s=%.2f pandas_export_s=%.2f engine=%s "
          "pandas_peak_rss_kib=%d" % (t3 - t0, t2 - t1, t3 - t2, engine, peak))


if __name__ == "__main__":
    main()
