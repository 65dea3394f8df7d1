#!/usr/bin/env python3
"""Writes testdata/sample-exports: a small, realistic export folder for the README's first
command. All persons are synthetic: resident ID numbers follow GB 11643 (real region codes,
valid dates, MOD 11-2 check digit), cards pass Luhn, mobiles use assigned prefixes.

Run from the repository root: python3 testdata/gen/sample_exports.py
"""
import csv, gzip, io, os, random

R = random.Random(20261123)
OUT = "testdata/sample-exports"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建波宁浩然子轩梓涵一诺欣怡思远嘉怡雨泽俊熙佳琪"
REGIONS = ["110105", "110108", "310101", "310115", "440106", "440305", "330106", "320102", "510107", "420106", "610113", "370202"]
CITIES = [("北京市", "朝阳区", "建国路"), ("上海市", "浦东新区", "世纪大道"), ("广东省广州市", "天河区", "天河路"),
          ("广东省深圳市", "南山区", "科技园路"), ("浙江省杭州市", "西湖区", "文三路"), ("四川省成都市", "武侯区", "人民南路")]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

def resident_id(year_from=1950, year_to=2004):
    region = R.choice(REGIONS)
    y = R.randint(year_from, year_to); m = R.randint(1, 12); d = R.randint(1, 28)
    body = f"{region}{y:04d}{m:02d}{d:02d}{R.randint(0, 999):03d}"
    s = sum(int(c) * w for c, w in zip(body, W))
    return body + "10X98765432"[s % 11]

def luhn_card(prefix="622202", length=19):
    body = prefix + "".join(R.choice("0123456789") for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            if v > 9: v -= 9
        total += v
    return body + str((10 - total % 10) % 10)

def mobile():
    return R.choice(["138", "139", "150", "151", "158", "186", "187", "199", "177", "135"]) + f"{R.randint(0, 99999999):08d}"

def name():
    return R.choice(SURNAMES) + "".join(R.choice(GIVEN) for _ in range(R.choice([1, 2])))

def address():
    p, d, road = R.choice(CITIES)
    return f"{p}{d}{road}{R.randint(1, 999)}号{R.randint(1, 30)}栋{R.randint(101, 2805)}室"

def write_csv(path, header, rows, encoding="utf-8", newline="\n", gz=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow(header); w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if gz:
        with gzip.GzipFile(path, "wb", mtime=0) as f: f.write(data)
    else:
        with open(path, "wb") as f: f.write(data)

# 1. Product catalogue: trade data, no PI -> free under Art. 3.
products = [[f"SKU-{100000 + i}", R.choice(["王老吉凉茶 310ml", "张裕干红葡萄酒", "李宁运动鞋", "小米手环8", "华为MateBook 14", "蓝月亮洗衣液 2kg"]),
             R.choice(["饮料", "酒类", "鞋服", "数码", "家清"]), f"{R.randint(500, 899900) / 100:.2f}", R.randint(0, 5000)] for i in range(300)]
write_csv(f"{OUT}/catalogue/products.csv", ["sku", "商品名称", "类目", "单价", "库存"], products)

# 2. October orders, GBK with CRLF as Chinese Excel saves CSV: 1,200 customers, 2,000 orders,
#    names, mobiles (some written +86 138-xxxx-xxxx) and delivery addresses -> personal, free under Art. 5(4).
customers = [(name(), mobile(), address()) for _ in range(1200)]
orders = []
for i in range(2000):
    n, m, a = R.choice(customers)
    if R.random() < 0.2:
        m = f"+86 {m[:3]}-{m[3:7]}-{m[7:]}"
    orders.append([f"2026{R.randint(10**13, 10**14 - 1)}", n, m, a, f"{R.randint(990, 99900) / 100:.2f}",
                   f"2026-10-{R.randint(1, 31):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:00"])
write_csv(f"{OUT}/orders/2026-10-orders.csv", ["订单号", "收货人", "联系电话", "收货地址", "订单金额", "下单时间"], orders,
          encoding="gbk", newline="\r\n")

# 3. Payment accounts of 600 customers: ID numbers and bank cards are sensitive -> contract under Art. 8.
accounts = [[name(), resident_id(), luhn_card(R.choice(["622202", "621700", "436742", "622848"])), f"{R.randint(0, 5000000) / 100:.2f}"] for _ in range(600)]
write_csv(f"{OUT}/finance/payment-accounts.tsv", ["持卡人", "身份证号", "银行卡号", "账户余额"], accounts)

# 4. Membership KYC archive, 12,000 persons with ID numbers (gzip): >= 10,000 sensitive -> assessment, Art. 7(2).
kyc = [[name(), resident_id(1945, 2015), mobile(), f"2026-{R.randint(1, 10):02d}-{R.randint(1, 28):02d}"] for _ in range(12000)]
write_csv(f"{OUT}/kyc/members-kyc.csv.gz", ["姓名", "证件号码", "手机号", "注册日期"], kyc, gz=True)

# 5. Something the scanner does not read: listed under skipped.
with open(f"{OUT}/README.pdf", "wb") as f:
    f.write(b"%PDF-1.4\n% not a data export\n")
print("wrote", OUT)
