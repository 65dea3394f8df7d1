// Writes the xlsx files of the exceljs writer from the spec generate.py prepares: an independent
// writer (ExcelJS, Node) for the labelled corpus.
import fs from "node:fs";
import ExcelJS from "exceljs";

const specs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const fixed = new Date(Date.UTC(2024, 0, 1));
for (const s of specs) {
  const wb = new ExcelJS.Workbook();
  wb.creator = "corpus";
  wb.created = fixed;
  wb.modified = fixed;
  const ws = wb.addWorksheet(s.sheet);
  ws.addRow(s.headers);
  for (const row of s.rows) ws.addRow(row);
  await wb.xlsx.writeFile(s.path);
}
