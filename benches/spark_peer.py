#!/usr/bin/env python3
"""The plain PySpark job benches/compare.py measures tourstat's Spark engine against: seats on
the books by market for a travel window and the same window last year (364 days earlier),
read from the store's Parquet folders by the same Spark Connect server.

  python3 benches/spark_peer.py sc://HOST:PORT STORE AS_OF FROM TO

Prints market,seats,seats_ly as CSV (unrolled: the markets the flows name).
"""
import datetime as dt
import sys

from pyspark.sql import SparkSession, functions as F


def main():
    remote, store, as_of, start, end = sys.argv[1:6]
    day = dt.date.fromisoformat
    year_ago = lambda d: (day(d) - dt.timedelta(days=364)).isoformat()
    spark = SparkSession.builder.remote(remote).getOrCreate()
    flows = spark.read.parquet(f"{store}/bookings")

    def seats(as_of, start, end, name):
        return (
            flows.where((F.col("booked_on") <= as_of) & F.col("travel_date").between(start, end))
            .groupBy("market")
            .agg(F.sum("seats").alias(name))
        )

    this = seats(as_of, start, end, "seats")
    last = seats(year_ago(as_of), year_ago(start), year_ago(end), "seats_ly")
    rows = this.join(last, "market", "full").orderBy("market").collect()
    print("market,seats,seats_ly")
    for r in rows:
        print(f"{r.market},{'' if r.seats is None else r.seats},{'' if r.seats_ly is None else r.seats_ly}")


if __name__ == "__main__":
    main()
