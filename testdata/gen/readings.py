#!/usr/bin/env python3
"""Writes testdata/readings: one export of 500 resident ID numbers and one of 500 bank cards, for
the two readings of "sensitive" (GB/T 35273-2020 vs GB/T 45574-2025). Synthetic persons only
(GB 11643 check digits, Luhn-valid cards); no ID number here is in testdata/policy-exports.
The truth (persons per file, and per reading the sensitive persons) goes to truth.json.

Run from the repository root: python3 testdata/gen/readings.py
"""
import csv, json, os

OUT = "testdata/readings"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
S = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
G = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超"
AREAS = ["330106", "420102", "510104", "610113"]  # none of policy_exports.py's areas


def rid(i):
    body = f"{AREAS[i % 4]}{1965 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def luhn(prefix):
    digits = [int(c) for c in prefix]
    total = 0
    for k, d in enumerate(reversed(digits)):
        if k % 2 == 0:  # these double once the check digit is appended
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return prefix + str((10 - total % 10) % 10)


def name(i):
    return S[(i * 3) % 20] + G[(i * 5) % 19] + (G[(i * 11) % 19] if i % 2 else "")


def write(path, header, rows):
    os.makedirs(OUT, exist_ok=True)
    with open(f"{OUT}/{path}", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


ids = [rid(i) for i in range(500)]
cards = [luhn(f"622848{i:09d}") for i in range(500)]
assert len(set(ids)) == 500 and len(set(cards)) == 500
write("ids.csv", ["姓名", "身份证号", "城市"], [[name(i), ids[i], "杭州"] for i in range(500)])
write("cards.csv", ["姓名", "银行卡号", "城市"], [[name(i + 7), cards[i], "成都"] for i in range(500)])
truth = {
    "ids.csv": {"persons": len(set(ids)), "sensitive_35273": len(set(ids)), "sensitive_45574": 0},
    "cards.csv": {"persons": len(set(cards)), "sensitive_35273": len(set(cards)), "sensitive_45574": len(set(cards))},
}
with open(f"{OUT}/truth.json", "w", encoding="utf-8") as f:
    json.dump(truth, f, indent=2, sort_keys=True)
    f.write("\n")
