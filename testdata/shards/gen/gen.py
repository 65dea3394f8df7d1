#!/usr/bin/env python3
"""Writes testdata/shards/exports: 64 small exports for the sharded-audit tests, with persons
shared across files (so across shards), and testdata/shards/truth.json with the distinct
persons of every file and of the batch, computed here from the rows written.

Two pools of synthetic persons never mix: order recipients (name, mobile, address: personal
information, keyed by the mobile) and KYC members (name, resident ID with its GB 11643 check
digit, mobile: sensitive, keyed by the ID number). Birth years 1960-1999, so nobody is a minor.
Plain CSV from Python's csv module, some as TSV, some gzip-compressed, one file without PI.

Run from the repository root: python3 testdata/shards/gen/gen.py
"""
import csv, gzip, io, json, os, random, shutil

R = random.Random(17)
OUT = "testdata/shards/exports"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
S = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
G = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超"
CITIES = ["上海市浦东新区世纪大道", "北京市朝阳区建国路", "广州市天河区体育西路", "杭州市西湖区文三路"]


def rid(i):
    body = f"{['110105', '310115', '440305', '320102'][i % 4]}{1960 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]


def name(i):
    return S[i % 20] + G[(i * 7) % 19] + (G[(i * 3) % 19] if i % 3 else "")


def mobile(i, base):
    return f"{base}{10000000 + i * 7919 % 90000000:08d}"


def write(rel, header, rows, delim=",", gz=False, out=OUT):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if gz:
        with open(path, "wb") as f:
            # mtime=0: the same bytes on every run of the generator.
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as z:
                z.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


shutil.rmtree(OUT, ignore_errors=True)
truth = {"files": {}}
orders_all, kyc_all = set(), set()
for k in range(40):
    # Order exports: 30-60 recipients drawn from a pool of 600, so most recur in other files.
    people = R.sample(range(600), R.randint(30, 60))
    rows = [[f"O{k:03d}{j:05d}", name(p), mobile(p, 139), f"{CITIES[p % 4]}{p % 300 + 1}号", f"{R.randint(10, 999)}.00"]
            for j, p in enumerate(people)]
    ext, delim, gz = ("tsv", "\t", False) if k % 10 == 3 else (("csv.gz", ",", True) if k % 10 == 7 else ("csv", ",", False))
    rel = f"orders/{2026 + k // 20}/orders-{k:03d}.{ext}"
    write(rel, ["订单号", "收货人", "手机号", "收货地址", "金额"], rows, delim, gz)
    truth["files"][rel] = {"individuals": len(set(people)), "sensitive": 0}
    orders_all.update(people)
for k in range(23):
    # KYC exports: 20-40 members from a pool of 300 (resident IDs: sensitive).
    people = R.sample(range(300), R.randint(20, 40))
    rows = [[f"M{k:03d}{j:05d}", name(1000 + p), rid(1000 + p), mobile(1000 + p, 138)] for j, p in enumerate(people)]
    rel = f"kyc/region-{k % 4}/members-{k:03d}.csv"
    write(rel, ["会员号", "姓名", "身份证号", "手机号"], rows)
    truth["files"][rel] = {"individuals": len(set(people)), "sensitive": len(set(people))}
    kyc_all.update(people)
write("catalogue/products.csv", ["sku", "品名", "价格"], [[f"SKU{i:05d}", f"商品{i}", f"{i % 97}.50"] for i in range(50)])
truth["files"]["catalogue/products.csv"] = {"individuals": 0, "sensitive": 0}
# A second night: order exports whose recipients overlap the first night's (pool 500-699: the
# first night drew from 0-599), for the ledger's year totals.
NIGHT2 = "testdata/shards/night2"
shutil.rmtree(NIGHT2, ignore_errors=True)
night2 = set()
for k in range(6):
    people = R.sample(range(500, 700), 40)
    rows = [[f"N{k:03d}{j:05d}", name(p), mobile(p, 139), f"{CITIES[p % 4]}{p % 300 + 1}号", f"{R.randint(10, 999)}.00"]
            for j, p in enumerate(people)]
    write(f"orders-{k:03d}.csv", ["订单号", "收货人", "手机号", "收货地址", "金额"], rows, out=NIGHT2)
    night2.update(people)
truth["night2"] = {"individuals": len(night2), "new_over_night1": len(night2 - orders_all)}
truth["batch"] = {"individuals": len(orders_all) + len(kyc_all), "sensitive": len(kyc_all)}
truth["file_count"] = len(truth["files"])
with open("testdata/shards/truth.json", "w") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
    f.write("\n")
