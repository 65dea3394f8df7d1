#!/usr/bin/env python3
"""Writes testdata/policy-exports: small exports whose labels depend on the policy
(testdata/policies/*.yaml). Synthetic persons only (GB 11643 check digits, Luhn cards).

Run from the repository root: python3 testdata/gen/policy_exports.py
"""
import csv, os, random

R = random.Random(42)
OUT = "testdata/policy-exports"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
S = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
G = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超"

def rid(i, year=None):
    y = year or 1960 + i % 45
    body = f"{['110105','310115','440305','320102'][i % 4]}{y:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]

def name(i):
    return S[i % 20] + G[(i * 7) % 19] + (G[(i * 3) % 19] if i % 3 else "")

def write(path, header, rows):
    os.makedirs(os.path.dirname(f"{OUT}/{path}"), exist_ok=True)
    with open(f"{OUT}/{path}", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header); w.writerows(rows)

# HR file sent to the parent under a declared Art. 5(2) exemption: 60 employees with ID numbers
# and salaries (sensitive PI) — free only because of the declaration, every finding still listed.
write("hr/staff-2026-11.csv", ["工号", "姓名", "身份证号", "手机号", "部门", "月薪"],
      [[f"E{1000 + i}", name(i), rid(i), f"139{10000000 + i * 97:08d}", R.choice(["销售", "财务", "物流"]), f"{R.randint(8000, 40000)}.00"] for i in range(60)])
# Loyalty members with ID numbers: contract by default (sensitive), free once the policy reads
# resident ID numbers as ordinary PI (GB/T 45574-2025) and the year stays under 100,000.
write("customers/loyalty.csv", ["会员号", "姓名", "身份证号", "积分"],
      [[f"M{500000 + i}", name(i + 100), rid(i + 100), R.randint(0, 9000)] for i in range(500)])
# Survey points of a mining project: no PI, but the catalogue lists them as important data.
write("survey/points-2026.csv", ["点号", "矿区坐标", "高程", "测量日期"],
      [[f"KS-{20260000 + i}", f"{39.9 + i / 1e4:.6f},{116.3 + i / 1e4:.6f}", f"{R.uniform(40, 90):.2f}", "2026-10-12"] for i in range(100)])
# Product sales: no PI at all (Art. 3).
write("sales/skus.csv", ["sku", "品名", "销量"], [[f"SKU{i:05d}", R.choice(["茶叶", "瓷器", "丝绸"]), R.randint(0, 999)] for i in range(50)])
print("wrote", OUT)
