#!/usr/bin/env python3
"""Runs the numeric cases through a real PostgreSQL 15 and prints them as C++ table rows.

The output is pasted into numeric_test.cc between the BEGIN/END GENERATED markers; the expected
values there come from PostgreSQL, never from KomodoDB's own code.

  PGHOST=/tmp PGPORT=5499 PGUSER=postgres python3 tests/unit/types/gen_numeric_cases.py > rows.inc
"""
import random
import subprocess

BIG = [
    "12345678901234567890123456789012345678901234567890",
    "-98765432109876543210987654321098765432109876543210.123456789",
    "0.000000000000000000000000000000000000000012345",
    "99999999999999999999999999999999999999999",
    "1e40",
    "-1e-40",
    "3.14159265358979323846264338327950288419716939937510",
]

PARSE = [
    "0", "1", "-1", "+1", "1.50", "-0.00", "0.000", "  12.5  ", "\t7\n", ".5", "5.", "-.5",
    "1e5", "1E5", "1.5E-3", "1e-5", "1.23e2", "1.234e2", "1e+2", "1e 5", "12e-1", "-0e10",
    "0e-20", "00012.3400", "1e-1000", "123456789012345678901234567890.123456789",
    "NaN", "nan", "  NAN  ", "Infinity", "infinity", "+Infinity", "-Infinity", "inf", "+inf",
    "-INF", "-inF ", "", " ", "abc", "1.2.3", "1e", "1e+", "--1", "+-1", "1_000", "0x1F",
    "1 2", ".", "-", "e5", "1e5x", "Infinityx", "nanx", "infin", "1.5 e3", "1e2147483647",
    "1e-1073741824", "1e1073741822", "1e131071", "1e131072", "1e-16383", "1e-16384",
    "9.99e131071", " - 1", "1,5", "١", "1e-2.5", "１",
]

BINARY_PAIRS = [
    ("1", "2"), ("1.5", "2.25"), ("-1.5", "1.5"), ("0.1", "0.2"), ("1.000", "2"),
    ("100", "0.001"), ("-7", "2"), ("7", "-2"), ("-7", "-2"), ("7.5", "2"), ("-7.5", "2"),
    ("1", "3"), ("2", "3"), ("10", "4"), ("1e-20", "3"), ("1", "7"), ("22", "7"),
    ("1", "0"), ("0", "0"), ("0", "5"), ("0.0", "5.00"), ("1", "0.0"),
    ("999999999999999999", "0.000000001"), ("1e20", "1e-20"), ("123.456", "-0.001"),
    ("9999.9999", "0.0001"), ("10000", "0.0001"), ("5", "1e-10"), ("1", "9999"),
    ("1", "10000"), ("1", "10001"), ("9999", "1"), ("99999999", "99999999"),
    ("1.0000000000000000000001", "1"), ("2", "0.5"), ("1", "1e100"), ("1e100", "7"),
    ("12.345", "0.1"), ("-12.345", "0.1"), ("0.00005", "3"),
    ("NaN", "1"), ("1", "NaN"), ("NaN", "NaN"), ("NaN", "0"), ("Infinity", "1"),
    ("Infinity", "-1"), ("Infinity", "0"), ("-Infinity", "0"), ("Infinity", "Infinity"),
    ("Infinity", "-Infinity"), ("-Infinity", "Infinity"), ("-Infinity", "-Infinity"),
    ("1", "Infinity"), ("1", "-Infinity"), ("-5.5", "Infinity"), ("0", "Infinity"),
    ("0", "-Infinity"), ("Infinity", "NaN"), ("Infinity", "2.5"), ("-Infinity", "-3"),
    ("1e-10000", "1e-10000"), ("1e100000", "1e40000"), ("1e131071", "1e131071"),
    ("1e131071", "1e-10"), ("1e-16000", "1e-16000"),
]

ROUND = [
    ("1.5", 0), ("2.5", 0), ("-1.5", 0), ("-2.5", 0), ("1.45", 1), ("1.449", 1),
    ("1234.5678", 2), ("1234.5678", -2), ("1250", -2), ("-1250", -2), ("1234.5678", -4),
    ("9999.5", 0), ("9999.9999", 3), ("0.00005", 4), ("0.00004", 4), ("123.456", 10),
    ("5", -1), ("4", -1), ("99999", -5), ("49999", -5), ("50000", -5), ("1.5", 3000),
    ("12345", -3000), ("1.5", 20000), ("0.5", -131072), ("NaN", 2), ("Infinity", 2), ("-Infinity", -2), ("0", -2),
    ("0.0000", 2), ("1.99999999999999999999", 19), ("-0.5", 0), ("-0.4", 0),
]

TYPMOD = [
    ("1.5", 2, 0), ("2.5", 2, 0), ("12.345", 5, 2), ("123.456", 5, 2), ("999.995", 5, 2),
    ("999.994", 5, 2), ("-999.995", 5, 2), ("0.001", 2, 5), ("0.0001", 2, 5),
    ("0.00001", 2, 5), ("1234", 5, -2), ("1234567", 5, -2), ("12345678", 5, -2),
    ("0.5", 1, 1), ("1", 1, 1), ("0.95", 1, 1), ("9.5", 1, 0), ("NaN", 5, 2),
    ("Infinity", 5, 2), ("-Infinity", 3, 0), ("0", 1, 0), ("0.0000000001", 3, 2),
    ("99", 2, 0), ("100", 2, 0), ("-100", 2, 0), ("1e20", 1000, 0), ("1e20", 20, 0),
    ("1e20", 21, 0), ("123.456", 1000, 1000), ("5", 3, 3), ("-0.0049", 3, 3),
    ("123", 3, -1), ("125", 3, -1), ("12345", 3, -1), ("1.234567", 10, 8),
]

UNARY = ["0", "1.5", "-1.5", "2.0", "-2.0", "0.0001", "-0.0001", "12345.678", "-12345.678",
         "NaN", "Infinity", "-Infinity", "0.000", "-1e-20", "99999999.99999"]

SQRT = ["0", "0.00", "1", "2", "4", "100", "0.0001", "1e-30", "12345678901234567890",
        "2.0000000000000000000000", "0.5", "NaN", "Infinity", "-Infinity", "-1", "1e100",
        "99999999999999999999999999999999999999999.9999", "1e-1000"]

POWER = [
    ("2", "3"), ("2.0", "3"), ("2.50", "2"), ("1.5", "3"), ("-2", "3"), ("-2", "2"),
    ("2", "-2"), ("2", "-3"), ("10", "20"), ("0.1", "50"), ("0.1", "10"), ("3", "0"),
    ("0", "0"), ("0.0", "0"), ("0", "3"), ("0", "-1"), ("0", "-1.5"), ("0", "0.5"),
    ("-2", "0.5"), ("7", "1"), ("7.123", "1"), ("7", "-1"), ("7", "2"), ("1.0001", "10000"),
    ("2", "100"), ("2", "1000"), ("3", "-20"), ("1", "2147483648"), ("4", "2147483648.0"),
    ("1", "0.5"), ("1.000", "2.5"), ("2", "3.0"), ("NaN", "0"), ("NaN", "0.0"), ("1", "NaN"),
    ("NaN", "1"), ("2", "NaN"), ("Infinity", "0"), ("-Infinity", "3"), ("-Infinity", "2"),
    ("-Infinity", "-3"), ("-Infinity", "3.5"), ("Infinity", "-1"), ("Infinity", "0.5"),
    ("0.5", "Infinity"), ("-1", "-Infinity"), ("2", "-Infinity"), ("-0.5", "-Infinity"),
    ("-2", "Infinity"), ("1.0", "Infinity"), ("0", "Infinity"), ("0", "-Infinity"),
    ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("10", "131072"),
    ("1e-10", "-20"), ("123456789", "5"), ("-1.1", "11"), ("0.5", "2147483648"),
    ("2", "-2147483649"), ("-0.5", "2147483649"), ("-3", "2147483649"), ("1", "-2147483649"),
    ("-1", "2147483649"), ("-1", "2147483648"), ("1.1", "1000"), ("0.9", "-500"),
]

TO_INT8 = ["0", "1.5", "2.5", "-1.5", "-2.5", "0.49999", "9223372036854775807",
           "9223372036854775807.5", "9223372036854775806.5", "-9223372036854775808",
           "-9223372036854775808.5", "-9223372036854775808.4", "9223372036854775808",
           "1e19", "NaN", "Infinity", "-Infinity", "123456789.987654321"]

FROM_FLOAT8 = ["0", "0.1", "1.5", "-2.25", "1e20", "1e-20", "1.0e15", "123456789012345678",
               "3.141592653589793", "0.30000000000000004", "1e300", "-1e-300",
               "4.9e-324", "1.7976931348623157e308", "NaN", "Infinity", "-Infinity",
               "-0", "100", "1234567.1234567", "0.000001234"]

TO_FLOAT8 = ["0", "0.1", "1.50", "-2.25", "12345678901234567890", "1e-20",
             "3.14159265358979323846264338327950288", "1e308", "1e309", "1e-400",
             "2e-320", "NaN", "Infinity", "-Infinity", "0.000"]

COMPARE = [
    ("1.0", "1.00"), ("1", "2"), ("-1", "1"), ("-2", "-1"), ("0", "-0.0"),
    ("NaN", "NaN"), ("NaN", "Infinity"), ("Infinity", "1e100000"), ("-Infinity", "-1e100000"),
    ("-Infinity", "Infinity"), ("NaN", "-Infinity"), ("1.0001", "1"), ("10000", "9999.9999"),
    ("0.0001", "0.00009"), ("-0.0001", "-0.00009"), ("1e-20", "0"),
]

TYPMOD_IN = [(5, 2), (1, 0), (1000, 1000), (1000, -1000), (10, -3), (3, None), (0, 0),
             (1001, 0), (5, 1001), (5, -1001), (-1, 2)]


def run(sql):
    p = subprocess.run(["psql", "-X", "-At", "-v", "VERBOSITY=verbose", "-c", sql],
                       capture_output=True, text=True)
    if p.returncode == 0:
        return p.stdout.rstrip("\n")
    lines = p.stderr.splitlines()
    code_msg = lines[0].split("ERROR:  ", 1)[1]
    code, msg = code_msg.split(": ", 1)
    out = f"ERROR {code}: {msg}"
    for line in lines[1:]:
        if line.startswith("DETAIL:  "):
            out += " DETAIL: " + line[len("DETAIL:  "):]
    return out


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def cstr(s):
    out = '"'
    for ch in s:
        if ch == '"' or ch == '\\':
            out += '\\' + ch
        elif ch == '\n':
            out += '\\n'
        elif ch == '\t':
            out += '\\t'
        elif ord(ch) > 127:
            out += "".join(f"\\x{b:02x}\" \"" for b in ch.encode())
        else:
            out += ch
    return out + '"'


def emit(op, a, b, expected):
    # Huge outputs (1e131071 has 131072 digits) are kept as their length and ends.
    if len(expected) > 1200:
        expected = f"#{len(expected)}:{expected[:20]}...{expected[-20:]}"
    print(f"    {{{cstr(op)}, {cstr(a)}, {cstr(b)}, {cstr(expected)}}},")


def main():
    rng = random.Random(15)

    def rand_num():
        int_len = rng.randint(0, 25)
        frac_len = rng.randint(0, 20)
        s = "".join(rng.choice("0123456789") for _ in range(int_len)) or "0"
        if frac_len:
            s += "." + "".join(rng.choice("0123456789") for _ in range(frac_len))
        return ("-" if rng.random() < 0.4 else "") + s

    for t in PARSE:
        emit("in", t, "", run(f"SELECT {lit(t)}::numeric"))
    pairs = BINARY_PAIRS + [(rand_num(), rand_num()) for _ in range(40)] + \
        [(a, b) for a in BIG for b in BIG[:4]]
    for a, b in pairs:
        for op, sym in (("add", "+"), ("sub", "-"), ("mul", "*"), ("div", "/"), ("mod", "%")):
            emit(op, a, b, run(f"SELECT {lit(a)}::numeric {sym} {lit(b)}::numeric"))
    for a, s in ROUND:
        emit("round", a, str(s), run(f"SELECT round({lit(a)}::numeric, {s})"))
        emit("trunc", a, str(s), run(f"SELECT trunc({lit(a)}::numeric, {s})"))
    for a, p, s in TYPMOD:
        emit("typmod", a, f"{p},{s}", run(f"SELECT {lit(a)}::numeric({p},{s})"))
    for a in UNARY:
        for fn in ("ceil", "floor", "sign", "abs"):
            emit(fn, a, "", run(f"SELECT {fn}({lit(a)}::numeric)"))
        emit("neg", a, "", run(f"SELECT -({lit(a)}::numeric)"))
    for a in SQRT:
        emit("sqrt", a, "", run(f"SELECT sqrt({lit(a)}::numeric)"))
    for a, b in POWER:
        emit("pow", a, b, run(f"SELECT {lit(a)}::numeric ^ {lit(b)}::numeric"))
    for a in TO_INT8:
        emit("int8", a, "", run(f"SELECT {lit(a)}::numeric::int8"))
    for a in FROM_FLOAT8:
        emit("fromf8", a, "", run(f"SELECT {lit(a)}::float8::numeric"))
    for a in TO_FLOAT8:
        emit("tof8", a, "", run(f"SELECT {lit(a)}::numeric::float8"))
    for a, b in COMPARE + [(rand_num(), rand_num()) for _ in range(20)]:
        emit("cmp", a, b, run(f"SELECT CASE WHEN {lit(a)}::numeric < {lit(b)}::numeric THEN -1 "
                              f"WHEN {lit(a)}::numeric = {lit(b)}::numeric THEN 0 ELSE 1 END"))
    for p, s in TYPMOD_IN:
        mod = f"{p}" if s is None else f"{p},{s}"
        r = run(f"CREATE TEMP TABLE t(x numeric({mod})); "
                f"SELECT atttypmod FROM pg_attribute WHERE attrelid = 't'::regclass "
                f"AND attname = 'x'")
        emit("typmodin", str(p), "" if s is None else str(s), r.splitlines()[-1])


if __name__ == "__main__":
    main()
