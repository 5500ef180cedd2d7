#!/usr/bin/env python3
"""measure.py LABEL CMD...: run CMD, print "LABEL: seconds peak_rss_kib" on
stderr-free stdout as `LABEL seconds=S peak_rss_kib=K user=U sys=Y`, and
exit with CMD's status. Peak RSS is the child's ru_maxrss, measured by the
kernel; user and sys are its CPU seconds (steadier than the wall time on a
loaded machine). With `--out FILE` first, CMD's stdout goes to FILE
instead of /dev/null."""
import os, resource, subprocess, sys, time

args = sys.argv[1:]
out = subprocess.DEVNULL
if args[0] == "--out":
    out = open(args[1], "wb")
    args = args[2:]
label, cmd = args[0], args[1:]
t0 = time.monotonic()
proc = subprocess.run(cmd, stdout=out)
elapsed = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{label} seconds={elapsed:.3f} peak_rss_kib={ru.ru_maxrss}"
      f" user={ru.ru_utime:.2f} sys={ru.ru_stime:.2f}")
sys.exit(proc.returncode)
