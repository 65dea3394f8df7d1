#!/usr/bin/python3
"""Writes the xlsx fixtures with LibreOffice Calc through Python-UNO (documentation; not run in CI).

    apt-get install -y libreoffice-calc python3-uno
    soffice --headless --invisible --norestore \
        --accept='socket,host=127.0.0.1,port=2002;urp;' &
    /usr/bin/python3 testdata/xlsx/gen/make_fixtures.py   # from the repository root

Outputs testdata/conformance/reference.xlsx, testdata/xlsx/precision-lost.xlsx and
testdata/xlsx/encrypted.xlsx (password "secret", ECMA-376 Standard encryption in an OLE container).
"""
import datetime
import json
import os
import sys
import time

import uno
from com.sun.star.beans import NamedValue, PropertyValue
from com.sun.star.lang import Locale

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EPOCH = datetime.datetime(1899, 12, 30)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect():
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(60):
        try:
            ctx = resolver.resolve(
                "uno:socket,host=127.0.0.1,port=2002;urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(1)
    sys.exit("cannot reach soffice on port 2002")


def fmt_key(doc, code):
    nf, loc = doc.NumberFormats, Locale()
    key = nf.queryKey(code, loc, False)
    return key if key != -1 else nf.addNew(code, loc)


def serial(text):
    if "T" in text:
        d = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    else:
        d = datetime.datetime.strptime(text, "%Y-%m-%d")
    delta = d - EPOCH
    return delta.days + delta.seconds / 86400.0


def fill(doc, sheet, columns, rows):
    date_key = fmt_key(doc, "YYYY-MM-DD")
    datetime_key = fmt_key(doc, "YYYY-MM-DD HH:MM:SS")
    money_key = fmt_key(doc, "0.00")
    bool_key = doc.NumberFormats.getStandardFormat(1024, Locale())  # NumberFormat.LOGICAL
    text_key = fmt_key(doc, "@")
    for c, name in enumerate(columns):
        sheet.getCellByPosition(c, 0).String = name
    for r, row in enumerate(rows, start=1):
        for c, (name, value) in enumerate(zip(columns, row)):
            if value == "":
                continue
            cell = sheet.getCellByPosition(c, r)
            if name in ("手机号", "数量"):
                cell.Value = float(value)
            elif name == "出生日期":
                cell.Value = serial(value)
                cell.NumberFormat = date_key
            elif name == "下单时间":
                cell.Value = serial(value)
                cell.NumberFormat = datetime_key
            elif name == "金额":
                cell.Value = float(value)
                cell.NumberFormat = money_key
            elif name == "会员":
                cell.Value = 1.0 if value == "true" else 0.0
                cell.NumberFormat = bool_key
            else:  # 身份证号, 银行卡号, 邮编, 姓名, 地址, 备注: text cells
                cell.NumberFormat = text_key
                cell.String = value


def save(doc, path, extra=()):
    url = uno.systemPathToFileUrl(path)
    doc.storeToURL(url, (prop("FilterName", "Calc MS Excel 2007 XML"),) + tuple(extra))
    doc.close(True)


def new_doc(desktop):
    return desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))


def main():
    desktop = connect()
    with open(os.path.join(ROOT, "testdata/conformance/expected.json"), encoding="utf-8") as f:
        ref = json.load(f)

    doc = new_doc(desktop)
    sheets = doc.Sheets
    sheets.getByIndex(0).Name = "订单"
    sheets.insertNewByName("备份", 1)
    fill(doc, sheets.getByIndex(0), ref["columns"], ref["rows"])
    fill(doc, sheets.getByIndex(1), ref["columns"], ref["rows"])
    sheets.getByIndex(1).IsVisible = False
    save(doc, os.path.join(ROOT, "testdata/conformance/reference.xlsx"))

    # An 18-digit ID typed as a number: Calc, like Excel, keeps a double (15-17 digits).
    doc = new_doc(desktop)
    s = doc.Sheets.getByIndex(0)
    s.Name = "Sheet1"
    for c, name in enumerate(["身份证号", "姓名", "证件号文本"]):
        s.getCellByPosition(c, 0).String = name
    text_key = fmt_key(doc, "@")
    for r, (num, name, txt) in enumerate([
        (110105194912310002, "张三", "110105194912310000"),
        (440524198001010013, "李四", "440524198001010013"),
    ], start=1):
        s.getCellByPosition(0, r).Value = float(num)
        s.getCellByPosition(1, r).String = name
        cell = s.getCellByPosition(2, r)
        cell.NumberFormat = text_key
        cell.String = txt
    save(doc, os.path.join(ROOT, "testdata/xlsx/precision-lost.xlsx"))

    doc = new_doc(desktop)
    s = doc.Sheets.getByIndex(0)
    s.getCellByPosition(0, 0).String = "手机号"
    s.getCellByPosition(0, 1).String = "13812345678"
    # LibreOffice 7.4 ignores a plain "Password" for OOXML; EncryptionData with OOXPassword works.
    pw = NamedValue("OOXPassword", "secret")
    crypto = NamedValue("CryptoType", "Standard")
    enc = uno.Any("[]com.sun.star.beans.NamedValue", (pw, crypto))
    args = (prop("FilterName", "Calc MS Excel 2007 XML"), prop("EncryptionData", enc))
    url = uno.systemPathToFileUrl(os.path.join(ROOT, "testdata/xlsx/encrypted.xlsx"))
    uno.invoke(doc, "storeToURL", (url, args))
    doc.close(True)


if __name__ == "__main__":
    main()
