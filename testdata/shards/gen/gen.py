#!/usr/bin/env python3
"""Writes testdata/shards/exports: 64 small exports for the sharded-audit tests, with persons
shared across files (so across shards), and testdata/shards/truth.json with the distinct
persons of every file and of the batch, computed here from the rows written.

Two pools of synthetic persons never mix: order recipients (name, mobile, address: personal
information, keyed by the mobile) and KYC members (name, resident ID with its GB 11643 check
digit, mobile: sensitive, keyed by the ID number). Birth years 1960-1999, so nobody is a minor.
Plain CSV from Python's csv module, some as TSV, some gzip-compressed, one file without PI.
Three archives hold more exports drawn from the same pools (so their members share persons with
plain files, and across shards): a zip written by Python's zipfile, a tar.gz written by GNU tar
and gzip holding a zip written by Info-ZIP's zip, and a plain tar. Each member is a file of its
own in truth.json ("archives/x.zip!/m.csv").

Run from the repository root: python3 testdata/shards/gen/gen.py
"""
import csv, gzip, io, json, os, random, shutil, subprocess, tempfile, zipfile

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


def text(header, rows, delim=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write(rel, header, rows, delim=",", gz=False, out=OUT):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text(header, rows, delim)
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

# Archives, from a generator of their own so that the files above stay as they were.
A = random.Random(1717)
ORDER_HDR, KYC_HDR = ["订单号", "收货人", "手机号", "收货地址", "金额"], ["会员号", "姓名", "身份证号", "手机号"]
EPOCH = 1795996800  # 2026-11-30T00:00:00Z: every member's time, so the archives are the same bytes each run


def order_rows(tag, people):
    return [[f"{tag}{j:05d}", name(p), mobile(p, 139), f"{CITIES[p % 4]}{p % 300 + 1}号", f"{A.randint(10, 999)}.00"]
            for j, p in enumerate(people)]


def kyc_rows(tag, people):
    return [[f"{tag}{j:05d}", name(1000 + p), rid(1000 + p), mobile(1000 + p, 138)] for j, p in enumerate(people)]


def member(arc, rel, kind, people, delim=","):
    """Returns a member's bytes and records its persons under archive path arc."""
    if kind == "orders":
        data = text(ORDER_HDR, order_rows("R" + str(len(truth["files"])), people), delim)
        orders_all.update(people)
        truth["files"][f"{arc}!/{rel}"] = {"individuals": len(set(people)), "sensitive": 0}
    else:
        data = text(KYC_HDR, kyc_rows("K" + str(len(truth["files"])), people), delim)
        kyc_all.update(people)
        truth["files"][f"{arc}!/{rel}"] = {"individuals": len(set(people)), "sensitive": len(set(people))}
    return data


def stage(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (EPOCH, EPOCH))


os.makedirs(os.path.join(OUT, "archives"), exist_ok=True)
# 1. A zip written by Python's zipfile (deflated, fixed member times).
arc = "archives/returns-2026-11.zip"
with zipfile.ZipFile(os.path.join(OUT, arc), "w", zipfile.ZIP_DEFLATED) as z:
    for rel, kind, pool, n, delim in [("returns/returns-000.csv", "orders", 600, 45, ","),
                                      ("returns/returns-001.tsv", "orders", 600, 35, "\t"),
                                      ("returns/kyc-recheck.csv", "kyc", 300, 25, ",")]:
        zi = zipfile.ZipInfo(rel, date_time=(2026, 12, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, member(arc, rel, kind, A.sample(range(pool), n), delim))
# 2. A tar.gz written by GNU tar and gzip, holding a zip written by Info-ZIP's zip.
arc = "archives/kyc-backup.tar.gz"
with tempfile.TemporaryDirectory() as tmp:
    root = os.path.join(tmp, "tree")
    for rel, kind, n in [("kyc-backup/members-100.csv", "kyc", 30), ("kyc-backup/members-101.csv", "kyc", 22)]:
        stage(root, rel, member(arc, rel, kind, A.sample(range(300), n)))
    inner = os.path.join(tmp, "inner")
    stage(inner, "orders-late.csv", member(arc + "!/kyc-backup/orders-late.zip", "orders-late.csv", "orders", A.sample(range(600), 40)))
    env = dict(os.environ, TZ="UTC")
    subprocess.run(["zip", "-X", "-D", "-q", os.path.join(root, "kyc-backup", "orders-late.zip"), "orders-late.csv"], cwd=inner, check=True, env=env)
    os.utime(os.path.join(root, "kyc-backup", "orders-late.zip"), (EPOCH, EPOCH))
    tar = subprocess.run(["tar", "--sort=name", f"--mtime=@{EPOCH}", "--owner=0", "--group=0", "--numeric-owner", "--format=gnu",
                          "-cf", "-", "-C", root, "kyc-backup"], check=True, capture_output=True, env=env).stdout
    with open(os.path.join(OUT, arc), "wb") as f:
        f.write(subprocess.run(["gzip", "-n", "-9"], input=tar, check=True, capture_output=True).stdout)
# 3. A plain tar written by GNU tar.
arc = "archives/orders-2027-q1.tar"
with tempfile.TemporaryDirectory() as tmp:
    for rel, n in [("q1/orders-jan.csv", 50), ("q1/orders-feb.csv", 38)]:
        stage(tmp, rel, member(arc, rel, "orders", A.sample(range(600), n)))
    subprocess.run(["tar", "--sort=name", f"--mtime=@{EPOCH}", "--owner=0", "--group=0", "--numeric-owner", "--format=gnu",
                    "-cf", os.path.abspath(os.path.join(OUT, arc)), "-C", tmp, "q1"], check=True)
truth["archive_count"] = 3

truth["night2"] = {"individuals": len(night2), "new_over_night1": len(night2 - orders_all)}
truth["batch"] = {"individuals": len(orders_all) + len(kyc_all), "sensitive": len(kyc_all)}
truth["file_count"] = len(truth["files"])
with open("testdata/shards/truth.json", "w") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
    f.write("\n")
