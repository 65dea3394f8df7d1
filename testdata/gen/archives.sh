#!/usr/bin/env bash
# Writes testdata/archives: archives made by the real zip, tar and gzip tools (and LibreOffice
# for the legacy .xls and .ods workbooks xborder refuses), with members written by python3's csv
# module, plus expected.json: the truth computed here, not by xborder.
#
# Run from the repository root: bash testdata/gen/archives.sh
# Needs zip, tar, gzip, python3, and soffice (Debian: libreoffice-calc-nogui) for the workbooks.
set -euo pipefail
out=testdata/archives
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$out/nested-10000.zip.gz" ] && cp "$out/nested-10000.zip.gz" "$work/nested-10000.zip.gz"
rm -rf "$out"
mkdir -p "$out" "$work/exports/2026-11" "$work/exports/docs" "$work/inner"

python3 - "$work" <<'PY'
import csv, json, random, sys, os
work = sys.argv[1]
r = random.Random(14)
def mobiles(n, start):
    return [f"139{start + i * 7919:08d}" for i in range(n)]
# orders: 300 rows over 120 distinct customers (by mobile), some written +86 138-xxxx-xxxx style
cust = mobiles(120, 10_000_000)
with open(f"{work}/exports/2026-11/orders.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["订单号", "收货人", "手机号", "金额"])
    for i in range(300):
        m = cust[i % 120]
        shown = m if i % 5 else f"+86 {m[:3]}-{m[3:7]}-{m[7:]}"
        w.writerow([f"SO{i:06d}", f"客户{i % 120}", shown, f"{r.randint(10, 999)}.00"])
with open(f"{work}/exports/2026-11/catalogue.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["sku", "name", "price"])
    for i in range(50):
        w.writerow([f"SKU-{i:04d}", f"商品{i}", f"{i + 1}.50"])
# the nested archive's member: 40 more customers, 10 of them also in orders.csv
inner = cust[:10] + mobiles(30, 20_000_000)
with open(f"{work}/inner/returns.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["退货单号", "手机号"])
    for i, m in enumerate(inner):
        w.writerow([f"RT{i:05d}", m])
with open(f"{work}/exports/docs/readme.pdf", "wb") as f:
    f.write(b"%PDF-1.4\n% not data xborder reads\n")
open(f"{work}/exports/2026-11/empty.csv", "w").close()
json.dump({"orders_persons": len(set(cust)), "returns_persons": len(set(inner)),
           "batch_persons": len(set(cust) | set(inner))}, open(f"{work}/truth.json", "w"))
PY

cp testdata/conformance/reference.xlsx "$work/exports/2026-11/reference.xlsx"
cp testdata/conformance/reference.parquet "$work/exports/2026-11/reference.parquet"
# Fixed timestamps so the archives are the same bytes on every run.
find "$work" -exec touch -h -d '2026-11-20 08:00:00 UTC' {} +
(cd "$work/inner" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-11-20 08:00:00 UTC' -cf - returns.csv | gzip -n -9 > "$work/exports/returns.tar.gz")
touch -d '2026-11-20 08:00:00 UTC' "$work/exports/returns.tar.gz"
(cd "$work/exports" && TZ=UTC zip -q -X -r -D "$OLDPWD/$out/exports.zip" 2026-11 docs returns.tar.gz)
(cd "$work" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-11-20 08:00:00 UTC' -cf - exports | gzip -n -9 > "$OLDPWD/$out/exports.tar.gz")
(cd "$work" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-11-20 08:00:00 UTC' -cf "$OLDPWD/$out/exports.tar" exports/2026-11/orders.csv exports/2026-11/catalogue.csv)
# A password-protected member (ZipCrypto, the zip tool's -P) next to a plain one: the first is
# refused as error, the second still audited.
(cd "$work/exports/2026-11" && TZ=UTC zip -q -X -D -P secret "$OLDPWD/$out/encrypted.zip" orders.csv && TZ=UTC zip -q -X -D "$OLDPWD/$out/encrypted.zip" catalogue.csv)

# 10,000 zips nested in each other (stored, by python3's zipfile: the zip tool run 10,000 times
# takes over an hour), gzip-compressed for the repository (165 KB instead of 1.2 MB); the hostile
# suite unpacks it. Kept when it exists (delete it to rebuild).
if [ ! -f "$work/nested-10000.zip.gz" ]; then
  python3 - "$work/nested-10000.zip" <<'PY'
import io, sys, zipfile
def one(name, data):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo(name, (2026, 11, 20, 8, 0, 0)), data)
    return b.getvalue()
data = one("bottom.csv", b"sku,qty\nA-1,3\n")
for _ in range(9999):
    data = one("n.zip", data)
open(sys.argv[1], "wb").write(data)
PY
  gzip -n -9 "$work/nested-10000.zip"
fi
cp "$work/nested-10000.zip.gz" "$out/"
# Legacy workbooks written by LibreOffice: xborder refuses them with "convert to .xlsx".
if command -v soffice >/dev/null 2>&1; then
  (cd "$work/exports/2026-11" && soffice --headless --convert-to xls --outdir "$work/lo" orders.csv >/dev/null 2>&1 &&
    soffice --headless --convert-to ods --outdir "$work/lo" orders.csv >/dev/null 2>&1)
  cp "$work/lo/orders.xls" "$work/lo/orders.ods" "$out/"
else
  echo "soffice not found: orders.xls and orders.ods left as they were" >&2
fi

python3 - "$work" "$out" <<'PY'
import hashlib, json, sys, os
work, out = sys.argv[1], sys.argv[2]
truth = json.load(open(f"{work}/truth.json"))
def sha(p): return hashlib.sha256(open(p, "rb").read()).hexdigest()
ex = f"{work}/exports"
members = {
    "2026-11/orders.csv": {"sha256": sha(f"{ex}/2026-11/orders.csv"), "rows": 300, "individuals": truth["orders_persons"]},
    "2026-11/catalogue.csv": {"sha256": sha(f"{ex}/2026-11/catalogue.csv"), "rows": 50, "individuals": 0},
    "2026-11/empty.csv": {"sha256": sha(f"{ex}/2026-11/empty.csv"), "rows": 0, "individuals": 0},
    "2026-11/reference.xlsx": {"sha256": sha(f"{ex}/2026-11/reference.xlsx")},
    "2026-11/reference.parquet": {"sha256": sha(f"{ex}/2026-11/reference.parquet")},
    "returns.tar.gz!/returns.csv": {"sha256": sha(f"{work}/inner/returns.csv"), "rows": 40, "individuals": truth["returns_persons"]},
}
json.dump({"members": members, "not_examined": ["docs/readme.pdf"],
           "orders_and_returns_persons": truth["batch_persons"],
           "archives": {n: sha(f"{out}/{n}") for n in ["exports.zip", "exports.tar.gz", "exports.tar", "encrypted.zip"]}},
          open(f"{out}/expected.json", "w"), indent=2, sort_keys=True, ensure_ascii=False)
PY
ls -l "$out"
