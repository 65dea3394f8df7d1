#!/usr/bin/env bash
# Writes testdata/xlsx/pi-first-row.{ods,xlsx}: a sheet whose first row is a customer (e-mail,
# resident ID, name) and not column names, saved by LibreOffice from a CSV that python3's csv
# module wrote, every column imported as text. The readers must take that row as data: column
# names are printed in every report and stored in the ledger.
#
# Run from the repository root: bash testdata/gen/pi_first_row.sh
# Needs python3 and soffice (Debian: libreoffice-calc-nogui).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/pi-first-row.csv" <<'PY'
import csv, sys
rows = [["zhang.wei@example.com", "11010519491231002X", "张伟"],
        ["li.na@example.com", "440524198001010013", "李娜"]]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows)
PY
for fmt in ods xlsx; do
  # CSV filter: comma, double quote, UTF-8, from line 1, columns 1-3 as text (format 2).
  (cd "$work" && soffice --headless --infilter=CSV:44,34,76,1,1/2/2/2/3/2 --convert-to "$fmt" --outdir out pi-first-row.csv >/dev/null 2>&1)
  cp "$work/out/pi-first-row.$fmt" "testdata/xlsx/pi-first-row.$fmt"
done
