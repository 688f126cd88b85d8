#!/usr/bin/env python3
"""Reads a tourstat store's Parquet folders directly with DuckDB, as a user who outgrew the
tool would, and prints per kind: rows and the total of its value column (kind,rows,total).

Usage: python3 tests/duckdb_check.py STORE
"""
import sys

import duckdb

VALUE = {"arrivals": "arrivals", "targets": "target", "bookings": "seats"}


def main():
    store = sys.argv[1]
    con = duckdb.connect()
    for kind, value in VALUE.items():
        rows, total = con.execute(
            f"SELECT count(*), sum({value}) FROM read_parquet('{store}/{kind}/*/*.parquet', hive_partitioning = true)"
        ).fetchone()
        print(f"{kind},{rows},{int(total)}")


if __name__ == "__main__":
    main()
