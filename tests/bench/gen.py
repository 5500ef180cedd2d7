#!/usr/bin/env python3
"""Generate benchmark inputs (deterministic, streaming, standard library only).

    python3 tests/bench/gen.py --customers 100000 --orders 1000000 --out DIR

Writes
    DIR/customers.csv  N customers: customer_id,customer_name,mobile_number,region
    DIR/orders.xml     N order lines (<orders><order>...</order>...</orders>),
                       about 1.3 lines per order, times over about 400 days
    DIR/orders.csv     the same order lines as CSV (order_id,mobile_number,
                       order_date_time,sku_id,sku_count,total_amount), for a
                       `sqlite3 .import` baseline
With --xml-stdout the order lines go to standard output as XML only (no
orders.csv), for `gen.py ... --xml-stdout | kpidesk import orders -`: a
scale run of 100M lines needs no file of 25 GB.
Memory stays flat whatever N: rows are produced and written one by one.  The
data is clean apart from about 1% of order lines whose mobile matches no
customer (kept, region "(unmatched)"), and mixes mobile number formats and
region spellings so the normalization code does real work.  Every mobile is a
bijection of the customer's index, so customers' numbers never repeat.
"""

import argparse
import os
import random
import sys
import time

SEED = 424242
M = 4_000_000_000          # mobiles 6000000000..9999999999
MUL = 2_654_435_761        # odd, not a multiple of 5: a bijection mod M
FIRST = ["Aarav", "Vivaan", "Aditya", "Ananya", "Diya", "Saanvi", "Karthik",
         "Lakshmi", "Harpreet", "Simran", "Sourav", "Ritika", "Bhavesh", "Nidhi",
         "Farhan", "Ayesha", "Rahul", "Swati", "Joseph", "Mary", "Zoë", "Renée"]
LAST = ["Mehta", "Sharma", "Iyer", "Nair", "Reddy", "Rao", "Singh", "Kaur",
        "Banerjee", "Das", "Patel", "Shah", "Kulkarni", "Patil", "Khan",
        "Siddiqui", "Mishra", "Yadav", "D'Souza", "Fernandes", "Sen", "Bora"]
REGIONS = ["North", "South", "East", "West", "Central",
           "north", " SOUTH ", "east", "West ", "central"]
SKU_PRICES = [3725_00, 199_50, 1499_00, 249_00, 899_00, 12999_00, 549_99,
              75_00, 2399_00, 329_00, 1850_00, 99_50, 649_00, 4999_00, 1199_00,
              289_75, 7450_00, 159_00, 2799_00, 449_00, 999_00, 3499_00, 129_99,
              5999_00, 799_00, 1299_50, 349_00, 24999_00, 189_00, 1599_00]
START = 1725129000          # 2024-09-01T00:00+05:30 (Asia/Kolkata) as a Unix time
DAYS = 400
CHUNK = 20000               # lines per write


def mobile_digits(i):
    return 6_000_000_000 + (i * MUL) % M


def mobile_text(i, style):
    d = "%d" % mobile_digits(i)
    if style < 7:
        return d
    if style == 7:
        return "+91 %s %s" % (d[:5], d[5:])
    if style == 8:
        return "0" + d
    return "91" + d


def write_customers(path, n):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("customer_id,customer_name,mobile_number,region\n")
        buf = []
        nf, nl = len(FIRST), len(LAST)
        for i in range(1, n + 1):
            name = "%s %s" % (FIRST[i % nf], LAST[(i // nf) % nl])
            buf.append("CUST-%07d,%s,%s,%s\n" % (i, name, mobile_text(i, i % 10),
                                                 REGIONS[(i * 7) % 10]))
            if len(buf) >= CHUNK:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))


def write_orders(xml_path, csv_path, n_lines, n_customers, order_totals=False):
    rng = random.Random(SEED)
    # Mean gap between orders so that n_lines / 1.3 orders span DAYS days.
    n_orders = max(1, int(n_lines / 1.3))
    mean_gap = DAYS * 86400 / n_orders
    t = float(START)
    day_cache = {}
    nsku = len(SKU_PRICES)
    if xml_path is None:
        xml_out = open(sys.stdout.fileno(), "w", encoding="utf-8",
                       newline="", buffering=1 << 20, closefd=False)
    else:
        xml_out = open(xml_path, "w", encoding="utf-8", newline="")
    csv_out = open(csv_path if csv_path is not None else os.devnull, "w",
                   encoding="utf-8", newline="")
    xml_out.write('<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n')
    csv_out.write("order_id,mobile_number,order_date_time,sku_id,sku_count,total_amount\n")
    xbuf, cbuf = [], []
    written = 0
    order_no = 0
    rand = rng.random
    while written < n_lines:
        order_no += 1
        t += rng.expovariate(1.0 / mean_gap)
        local = int(t) + 19800
        day, sod = divmod(local, 86400)
        ds = day_cache.get(day)
        if ds is None:
            ds = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
            day_cache.clear()
            day_cache[day] = ds
        hh, rem = divmod(sod, 3600)
        when = "%s%02d:%02d:%02d" % (ds, hh, rem // 60, rem % 60)
        r = rand()
        if r < 0.01:
            who = n_customers + 1 + int(rand() * 1000)         # matches nobody
        else:
            # Skewed towards low indexes so that repeat customers are common.
            who = 1 + int((rand() ** 2) * n_customers)
        mobile = mobile_text(who, order_no % 10)
        oid = "ORD-%08d" % order_no
        r = rand()
        nlines = 1 if r < 0.75 else (2 if r < 0.95 else 3)
        first = int(rand() * nsku)
        counts = [1 + int(rand() ** 3 * 5) for _ in range(nlines)]
        total = sum(SKU_PRICES[(first + j * 7) % nsku] * counts[j]
                    for j in range(nlines))
        for j in range(nlines):
            if written >= n_lines:
                break
            k = (first + j * 7) % nsku
            count = counts[j]
            # The task's files repeat the order's total on every line.
            minor = total if order_totals else SKU_PRICES[k] * count
            amount = ("%d" % (minor // 100)) if minor % 100 == 0 else \
                "%d.%02d" % (minor // 100, minor % 100)
            sku = "SKU-%d" % (1001 + k)
            xbuf.append("<order><order_id>%s</order_id><mobile_number>%s</mobile_number>"
                        "<order_date_time>%s</order_date_time><sku_id>%s</sku_id>"
                        "<sku_count>%d</sku_count><total_amount>%s</total_amount></order>\n"
                        % (oid, mobile, when, sku, count, amount))
            if csv_path is not None:
                cbuf.append("%s,%s,%s,%s,%d,%s\n" % (oid, mobile, when, sku, count, amount))
            written += 1
        if len(xbuf) >= CHUNK:
            xml_out.write("".join(xbuf))
            csv_out.write("".join(cbuf))
            xbuf.clear()
            cbuf.clear()
    xml_out.write("".join(xbuf))
    csv_out.write("".join(cbuf))
    xml_out.write("</orders>\n")
    xml_out.close()
    csv_out.close()
    return order_no


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", type=int, required=True)
    ap.add_argument("--orders", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--order-totals", action="store_true",
                    help="repeat each order's total on its lines, as the "
                    "task's files do (default: each line's own amount)")
    ap.add_argument("--xml-stdout", action="store_true",
                    help="write the order lines as XML to standard output "
                    "(no orders.xml, no orders.csv); customers.csv still "
                    "goes to --out")
    args = ap.parse_args()
    if args.customers < 1 or args.orders < 0:
        ap.error("--customers must be >= 1 and --orders >= 0")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.monotonic()
    write_customers(os.path.join(args.out, "customers.csv"), args.customers)
    if args.xml_stdout:
        n_orders = write_orders(None, None, args.orders, args.customers,
                                args.order_totals)
        return
    n_orders = write_orders(os.path.join(args.out, "orders.xml"),
                            os.path.join(args.out, "orders.csv"),
                            args.orders, args.customers, args.order_totals)
    print("gen: %d customers, %d order lines (%d orders) in %s, %.1f s"
          % (args.customers, args.orders, n_orders, args.out, time.monotonic() - t0))


if __name__ == "__main__":
    main()
