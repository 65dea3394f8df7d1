#!/usr/bin/env bash
# Writes testdata/archives: archives made by the real zip, tar and gzip tools, workbooks saved by
# LibreOffice (.ods, read; .xls, refused), with members written by python3's csv module, plus
# expected.json: the truth computed here, not by xborder.
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
# Workbooks written by LibreOffice: orders.csv as .ods (read) and .xls (refused: "save it as
# .xlsx"), and types.ods from a hand-written flat ODS (types.fods below) that LibreOffice loads and
# saves in its own way: typed cells, a run of identical rows, a note, a two-line cell, an 18-digit
# ID typed as a number, an empty sheet and a headerless one.
python3 - "$work/types.fods" <<'PY'
import sys
STYLE = {"date": "ce1", "time": "ce2", "boolean": "ce3", "percentage": "ce4"}
def cell(v, t="string", **attrs):
    if t in STYLE:
        attrs["table:style-name"] = STYLE[t]
    a = " ".join(f'{k}="{x}"' for k, x in attrs.items())
    if t == "string":
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="{t}" {a}><text:p>{v}</text:p></table:table-cell>'
rows = [
    [cell(h) for h in ["姓名", "手机号", "身份证号", "注册日期", "时间", "会员", "折扣"]],
    [cell("张三"), cell("13812345678", "float", **{"office:value": "13812345678"}), cell("11010519491231002X"),
     cell("2026-11-20", "date", **{"office:date-value": "2026-11-20"}), cell("13:05", "time", **{"office:time-value": "PT13H05M00S"}),
     cell("TRUE", "boolean", **{"office:boolean-value": "true"}), cell("25%", "percentage", **{"office:value": "0.25"})],
    [cell("李四"), cell("13912345678", "float", **{"office:value": "13912345678"}),
     cell("1.10105194912E+17", "float", **{"office:value": "110105194912310000"}),
     cell("2026-11-21", "date", **{"office:date-value": "2026-11-21T08:30:00"}), "<table:table-cell/>",
     cell("FALSE", "boolean", **{"office:boolean-value": "false"}), cell("10%", "percentage", **{"office:value": "0.1"})],
    ['<table:table-cell office:value-type="string"><office:annotation><text:p>备注 13700000000</text:p></office:annotation><text:p>王五</text:p></table:table-cell>',
     cell("13612345678", "float", **{"office:value": "13612345678"}),
     '<table:table-cell office:value-type="string"><text:p>北京市</text:p><text:p>朝阳区</text:p></table:table-cell>'],
]
same = [cell("赵六"), cell("13512345678", "float", **{"office:value": "13512345678"})]
body = "".join(f"<table:table-row>{''.join(r)}</table:table-row>" for r in rows)
body += f'<table:table-row table:number-rows-repeated="3">{"".join(same)}</table:table-row>'
headerless = "".join(f'<table:table-row>{cell(str(i), "float", **{"office:value": str(i)})}{cell(str(i * 2), "float", **{"office:value": str(i * 2)})}</table:table-row>' for i in range(1, 6))
doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:time-style style:name="N2"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
<number:boolean-style style:name="N3"><number:boolean/></number:boolean-style>
<number:percentage-style style:name="N4"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>
<style:style style:name="ce3" style:family="table-cell" style:data-style-name="N3"/>
<style:style style:name="ce4" style:family="table-cell" style:data-style-name="N4"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="客户">{body}</table:table>
<table:table table:name="空"><table:table-row><table:table-cell/></table:table-row></table:table>
<table:table table:name="数字">{headerless}</table:table>
</office:spreadsheet></office:body></office:document>"""
open(sys.argv[1], "w", encoding="utf-8").write(doc)
PY
if command -v soffice >/dev/null 2>&1; then
  (cd "$work/exports/2026-11" &&
    soffice --headless --infilter=CSV:44,34,76,1 --convert-to xls --outdir "$work/lo" orders.csv >/dev/null 2>&1 &&
    soffice --headless --infilter=CSV:44,34,76,1 --convert-to ods --outdir "$work/lo" orders.csv >/dev/null 2>&1 &&
    soffice --headless --convert-to ods --outdir "$work/lo" "$work/types.fods" >/dev/null 2>&1)
  cp "$work/lo/orders.xls" "$work/lo/orders.ods" "$work/lo/types.ods" "$out/"
else
  echo "soffice not found: no .xls or .ods written" >&2
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
           "orders_ods": {"rows": 300, "individuals": truth["orders_persons"]},
           "orders_and_returns_persons": truth["batch_persons"],
           "archives": {n: sha(f"{out}/{n}") for n in ["exports.zip", "exports.tar.gz", "exports.tar", "encrypted.zip"]}},
          open(f"{out}/expected.json", "w"), indent=2, sort_keys=True, ensure_ascii=False)
PY
ls -l "$out"
