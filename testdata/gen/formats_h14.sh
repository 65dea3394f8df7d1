#!/usr/bin/env bash
# Writes the fixtures for JSON, JSON Lines, bzip2/xz/zstd compression, UTF-32 and the CJK legacy
# encodings with real tools (python3's json and csv modules, gzip, bzip2, xz, zstd, iconv), from
# testdata/conformance/expected.json where the shape fits, else from the tables below. Run it from
# the repository root; the outputs are committed, so CI never needs these tools.
set -euo pipefail
cd "$(dirname "$0")/.."
conf=conformance

# 1. JSON and JSON Lines of the reference table (every value a string, as in expected.json).
python3 - <<'PY'
import json
exp = json.load(open("conformance/expected.json", encoding="utf-8"))
rows = [dict(zip(exp["columns"], r)) for r in exp["rows"]]
with open("conformance/orders.json", "w", encoding="utf-8") as f:
    json.dump(rows, f, ensure_ascii=False, indent=2)            # top-level array of objects
with open("conformance/orders_api.json", "w", encoding="utf-8") as f:
    json.dump({"data": rows}, f, ensure_ascii=True)  # API dump {"data": [...]}, \u escapes
with open("conformance/orders.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")      # one object per line
PY
gzip -n -9 -c $conf/orders.jsonl > $conf/orders.jsonl.gz

# 2. Compression layers around the UTF-8 CSV (and JSON Lines in xz).
bzip2 -9 -c $conf/orders_utf8.csv > $conf/orders.csv.bz2
xz -9 -c $conf/orders_utf8.csv > $conf/orders.csv.xz
zstd -q -19 -c $conf/orders_utf8.csv > $conf/orders.csv.zst
xz -c --check=sha256 $conf/orders.jsonl > $conf/orders.jsonl.xz

# 3. UTF-32 with byte-order marks (iconv's UTF-32LE/BE write no BOM: it is prepended).
{ printf '\xff\xfe\x00\x00'; iconv -f UTF-8 -t UTF-32LE $conf/orders_crlf.csv; } > $conf/orders_utf32le.csv
{ printf '\x00\x00\xfe\xff'; iconv -f UTF-8 -t UTF-32BE $conf/orders_utf8.csv; } > $conf/orders_utf32be.csv

# 4. CJK legacy encodings: tables in the language of each (the reference table's simplified
#    characters do not exist in Big5, Shift-JIS or EUC-KR). python3's csv module writes UTF-8,
#    iconv (or python's codec, for the short ones) converts.
mkdir -p csv
python3 - <<'PY'
import csv, json
tables = {
  "big5": [["姓名", "身分證字號", "電話", "地址"],
           ["陳大文", "A123456789", "0912345678", "臺北市中正區重慶南路一段122號"],
           ["林小美", "B223456789", "0923456789", "高雄市前鎮區中華五路789號"],
           ["張志明", "C123456780", "0934567890", "臺中市西屯區臺灣大道三段99號"]],
  "sjis": [["氏名", "電話番号", "住所", "メール"],
           ["山田太郎", "090-1234-5678", "東京都千代田区丸の内1-1", "taro@example.jp"],
           ["佐藤花子", "080-2345-6789", "大阪府大阪市北区梅田2-2", "hanako@example.jp"],
           ["鈴木一郎", "070-3456-7890", "愛知県名古屋市中村区名駅3-3", "ichiro@example.jp"]],
  "euckr": [["이름", "전화번호", "주소"],
            ["김민준", "010-1234-5678", "서울특별시 강남구 테헤란로 123"],
            ["이서연", "010-2345-6789", "부산광역시 해운대구 해운대로 456"],
            ["박지호", "010-3456-7890", "대구광역시 중구 동성로 789"]],
}
for name, rows in tables.items():
    with open(f"csv/{name}.utf8.tmp", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    json.dump(rows, open(f"csv/{name}.expected.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
# Short, ambiguous files: two or three characters that decode under several encodings.
short = {"big5_short.csv": ("big5", "姓名,電話\r\n陳大文,0912345678\r\n"),
         "gbk_short.csv": ("gbk", "姓名,电话\r\n陈大文,13812345678\r\n"),
         "sjis_short.csv": ("shift_jis", "氏名,電話\r\n山田太郎,09012345678\r\n"),
         "euckr_short.csv": ("euc_kr", "이름,전화\r\n김민준,01012345678\r\n")}
for path, (codec, text) in short.items():
    open("csv/" + path, "wb").write(text.encode(codec))
PY
iconv -f UTF-8 -t BIG5 csv/big5.utf8.tmp > csv/big5.csv
iconv -f UTF-8 -t SHIFT_JIS csv/sjis.utf8.tmp > csv/sjis.csv
iconv -f UTF-8 -t EUC-KR csv/euckr.utf8.tmp > csv/euckr.csv
rm csv/*.utf8.tmp

# 5. xz container variants (what the xz dictionary guard must follow) and a bzip2 bomb, in
#    testdata/compress: a 6 KB CSV cut into 512-byte blocks (and 1 KiB blocks by multi-threaded xz,
#    which records each block's sizes in its header), every check type, two streams
#    concatenated with stream padding; and 64 MiB of "1,2" rows in 3 KB of bzip2.
mkdir -p compress
python3 - <<'PY'
import csv
with open("compress/rows.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["身份证号", "手机号", "姓名"])
    for i in range(150):
        w.writerow([f"1101051949123{i:04d}X", f"138{i:08d}", f"用户{i}"])
PY
xz -c --block-size=512 --check=crc32 compress/rows.csv > compress/rows_blocks.csv.xz
xz -c -T2 --block-size=1024 compress/rows.csv > compress/rows_sizes.csv.xz  # sizes in block headers
xz -c --check=none compress/rows.csv > compress/rows_nocheck.csv.xz
xz -c -0 --check=sha256 compress/rows.csv > compress/rows_sha256.csv.xz
head -c 3000 compress/rows.csv > compress/rows_head.tmp
tail -c +3001 compress/rows.csv > compress/rows_tail.tmp
{ xz -c compress/rows_head.tmp; printf '\0\0\0\0'; xz -c --check=crc64 compress/rows_tail.tmp; } > compress/rows_streams.csv.xz
rm compress/*.tmp
zstd -q -c --no-check compress/rows.csv > compress/rows_nocheck.csv.zst
{ zstd -q -c compress/rows.csv; } > compress/rows.csv.zst
python3 -c "
import sys
sys.stdout.write('a,b\n')
sys.stdout.write('1,2\n' * (16 << 20))" | bzip2 -9 > compress/bomb.csv.bz2
