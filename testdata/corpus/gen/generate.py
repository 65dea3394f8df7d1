#!/usr/bin/python3
"""Generates the labelled corpus: every scenario of scenarios.py written by two or three
independent writers (Python's csv module, openpyxl, XlsxWriter, and ExcelJS under Node), and
truth.json with, per file, the PI types of every column and the expected individuals, sensitive
individuals and label.

Run from this directory with Debian's python3 (python3-openpyxl, python3-xlsxwriter) and Node
with exceljs installed here (npm ci):

    /usr/bin/python3 generate.py

Output: ../files/*.csv|*.xlsx and ../truth.json. Deterministic: the same seeds give the same
files (the xlsx writers stamp no dates we do not set)."""

import csv
import datetime
import json
import os
import random
import subprocess
import sys

import scenarios

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "files")
SENSITIVE = {"cn_resident_id", "passport_number", "travel_permit", "regional_id", "social_security_number", "bank_card", "iban",
             "financial_record", "precise_location", "health", "genetic", "religion", "criminal_record", "biometric", "credential", "minor"}
WRITERS = ["csv", "openpyxl", "xlsxwriter", "exceljs"]
FIXED = datetime.datetime(2024, 1, 1, 0, 0, 0)


def write_csv(t, path, enc):
    with open(path, "w", newline="", encoding=enc) as f:
        w = csv.writer(f)
        w.writerow(t.headers)
        for row in t.rows:
            w.writerow(row.cells)


def as_number(t, h, v):
    if h in t.numeric:
        try:
            return float(v)
        except ValueError:
            return v
    return v


def write_openpyxl(t, path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = t.name[:31]
    ws.append(t.headers)
    for i, row in enumerate(t.rows, start=2):
        for c, (h, v) in enumerate(zip(t.headers, row.cells), start=1):
            cell = ws.cell(row=i, column=c, value=as_number(t, h, v))
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"  # the ="…" text guard is text, not a formula
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)


def write_xlsxwriter(t, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"created": FIXED})
    ws = wb.add_worksheet(t.name[:31])
    for c, h in enumerate(t.headers):
        ws.write_string(0, c, h)
    for i, row in enumerate(t.rows, start=1):
        for c, (h, v) in enumerate(zip(t.headers, row.cells)):
            x = as_number(t, h, v)
            if isinstance(x, float):
                ws.write_number(i, c, x)
            else:
                ws.write_string(i, c, x)
    wb.close()


def truth_of(t):
    persons, sensitive = set(), set()
    for row in t.rows:
        if row.person is None:
            continue
        persons.add(row.person)
        if row.sensitive:
            sensitive.add(row.person)
    has_pi = any(types for types in t.types.values())
    if not has_pi:
        persons, sensitive = set(), set()
    return {
        "columns": {h: sorted(t.types.get(h, [])) for h in t.headers},
        "individuals": len(persons),
        "sensitive_individuals": len(sensitive),
        "label": "contract" if sensitive else "free",
        "notes": t.notes,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    truth, specs = {}, []
    for si, scen in enumerate(scenarios.SCENARIOS):
        n = 3 if si < 20 else 2
        for k in range(n):
            writer = WRITERS[(si + k) % len(WRITERS)]
            r = random.Random(1000 * si + k)
            t = scen(r, writer)
            ext = "csv" if writer == "csv" else "xlsx"
            name = f"{t.name}.{writer}.{ext}"
            path = os.path.join(OUT, name)
            if writer == "csv":
                enc = ["utf-8", "utf-8-sig", "gb18030"][(si + k) % 3]
                try:
                    write_csv(t, path, enc)
                except UnicodeEncodeError:
                    enc = "utf-8-sig"
                    write_csv(t, path, enc)
            elif writer == "openpyxl":
                write_openpyxl(t, path)
            elif writer == "xlsxwriter":
                write_xlsxwriter(t, path)
            else:
                specs.append({"path": path, "sheet": t.name[:31], "headers": t.headers,
                              "rows": [[as_number(t, h, v) for h, v in zip(t.headers, row.cells)] for row in t.rows]})
            entry = truth_of(t)
            entry["writer"] = writer if writer != "csv" else f"python-csv ({enc})"
            entry["scenario"] = scen.__name__
            truth[name] = entry
    spec_path = os.path.join(HERE, "exceljs-spec.json")
    with open(spec_path, "w", encoding="utf-8") as f:
        json.dump(specs, f, ensure_ascii=False)
    subprocess.run(["node", os.path.join(HERE, "write_exceljs.mjs"), spec_path], check=True)
    os.remove(spec_path)
    with open(os.path.join(HERE, "..", "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(truth)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
