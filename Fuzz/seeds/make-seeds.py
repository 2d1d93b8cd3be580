#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets into OUT/<target>/ from the repository's fixtures.
Usage: make-seeds.py REPO OUT"""
import glob, gzip, bz2, lzma, os, shutil, subprocess, sys

repo, out = sys.argv[1], sys.argv[2]
fixtures = os.path.join(repo, "Fixtures")

def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# FuzzLine: every log line of Fixtures/lines/*.log (comments/annotations dropped), byte 0 = inFail2banLog.
log_lines = []
for path in sorted(glob.glob(os.path.join(fixtures, "lines", "*.log"))):
    base = os.path.basename(path)
    flag = b"\x01" if base == "fail2ban.log" else b"\x00"
    with open(path, "rb") as f:
        for i, line in enumerate(f.read().split(b"\n")):
            if not line or line.startswith(b"#"):
                continue
            log_lines.append(line)
            put("FuzzLine", f"{base}-{i}", flag + line)
            if base == "syslog-forms.log" and b"fail2ban" in line:
                put("FuzzLine", f"{base}-{i}-f2b", b"\x01" + line)

# FuzzDecompress: byte 0 = selector (kind = b % 6: none gzip bzip2 xz zstd sniff; b // 6 = read size).
kinds = {".gz": 1, ".bz2": 2, ".xz": 3, ".zst": 4}
for path in sorted(glob.glob(os.path.join(fixtures, "compressed", "*"))):
    base = os.path.basename(path)
    ext = os.path.splitext(base)[1]
    with open(path, "rb") as f:
        data = f.read()
    if ext in kinds:
        put("FuzzDecompress", base, bytes([kinds[ext]]) + data)
        put("FuzzDecompress", base + ".sniff", bytes([5]) + data)
        put("FuzzDecompress", base + ".chunk7", bytes([kinds[ext] + 6 * 7]) + data)
    elif base.endswith(".log"):
        put("FuzzDecompress", base, b"\x00" + data[:8192])
# small streams (fast to mutate): a few hostile lines, compressed each way, and two members
sample = b"\n".join(log_lines[:40]) + b"\n"
small = {
    1: gzip.compress(sample[:600], mtime=0) + gzip.compress(sample[600:1200], mtime=0),
    2: bz2.compress(sample[:600]) + bz2.compress(sample[600:1200]),
    3: lzma.compress(sample[:600]) + lzma.compress(sample[600:1200]),
}
for k, v in small.items():
    put("FuzzDecompress", f"small-{k}", bytes([k]) + v)
    put("FuzzDecompress", f"small-{k}-trunc", bytes([k + 6 * 3]) + v[: len(v) * 2 // 3])
if shutil.which("zstd"):
    z = subprocess.run(["zstd", "-q", "-c"], input=sample[:600], capture_output=True).stdout
    z += subprocess.run(["zstd", "-q", "-c"], input=sample[600:1200], capture_output=True).stdout
    put("FuzzDecompress", "small-4", b"\x04" + z)
    put("FuzzDecompress", "small-4-trunc", bytes([4 + 6 * 3]) + z[: len(z) * 2 // 3])
put("FuzzDecompress", "long-line", b"\x00" + b"x" * 300 + b"\r\n" + b"y" * 64 + b"\n" + b"z" * 65)

# FuzzJailConfig: the jail.conf snippet next to this script.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "jail.conf"), "rb") as f:
    put("FuzzJailConfig", "jail.conf", f.read())

# FuzzPipeline: the scenario logs (mail logs and fail2ban logs), small compressed ones, the line fixtures.
for path in sorted(glob.glob(os.path.join(fixtures, "scenarios", "*", "*"))):
    base = os.path.basename(path)
    if base in ("maillog", "fail2ban.log") or base.startswith("mail.log") or base.startswith("dovecot"):
        with open(path, "rb") as f:
            data = f.read()
        name = os.path.basename(os.path.dirname(path)) + "-" + base
        put("FuzzPipeline", name, data[:65536])
for path in sorted(glob.glob(os.path.join(fixtures, "lines", "*.log"))):
    with open(path, "rb") as f:
        data = b"\n".join(l for l in f.read().split(b"\n") if not l.startswith(b"#"))
    put("FuzzPipeline", "lines-" + os.path.basename(path), data[:65536])
put("FuzzPipeline", "gz-sample", gzip.compress(sample, mtime=0))
