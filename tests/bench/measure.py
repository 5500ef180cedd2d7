#!/usr/bin/env python3
"""measure.py LABEL CMD...: run CMD, print "LABEL: seconds peak_rss_kib" on
stderr-free stdout as `LABEL seconds=S peak_rss_kib=K`, and exit with CMD's
status. Peak RSS is the child's ru_maxrss, measured by the kernel."""
import os, resource, subprocess, sys, time

label, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
proc = subprocess.run(cmd, stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{label} seconds={elapsed:.3f} peak_rss_kib={rss}")
sys.exit(proc.returncode)
