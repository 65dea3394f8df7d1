#!/usr/bin/env bash
# Writes testdata/xlsx/pi-first-row.{ods,xlsx} and pi-first-row-date.{ods,xlsx}: sheets whose
# first row is a customer and not column names, saved by LibreOffice from CSVs that python3's
# csv module wrote, every column imported as text. The first holds identifiers (e-mail, resident
# ID, name); the second only a name, an order date and a city, which no identifier check catches.
# The readers must take those rows as data: column names are printed in every report and stored
# in the ledger.
#
# Run from the repository root: bash testdata/gen/pi_first_row.sh
# Needs python3 and soffice (Debian: libreoffice-calc-nogui).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import csv, sys
files = {
    "pi-first-row": [["zhang.wei@example.com", "11010519491231002X", "张伟"],
                     ["li.na@example.com", "440524198001010013", "李娜"]],
    "pi-first-row-date": [["张伟", "2024-03-07", "上海"],
                          ["李娜", "2024-03-08", "杭州"]],
}
for name, rows in files.items():
    with open(f"{sys.argv[1]}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
PY
for name in pi-first-row pi-first-row-date; do
  for fmt in ods xlsx; do
    # CSV filter: comma, double quote, UTF-8, from line 1, columns 1-3 as text (format 2).
    (cd "$work" && soffice --headless --infilter=CSV:44,34,76,1,1/2/2/2/3/2 --convert-to "$fmt" --outdir out "$name.csv" >/dev/null 2>&1)
    cp "$work/out/$name.$fmt" "testdata/xlsx/$name.$fmt"
  done
done
