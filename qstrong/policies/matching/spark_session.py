"""The Spark session matching runs use, from settings (docs/scale.md).

One session per process, made on first use: `QSTRONG_SPARK_MASTER` (local[N] or a standalone
cluster's spark://host:port), the PostgreSQL JDBC driver jar, the UI off, and whatever
`QSTRONG_SPARK_CONF` adds (ports, memory). pyspark is imported only here and in the compile
target, so the Polars engine and the web never start a JVM.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Defaults that suit a matching run; QSTRONG_SPARK_CONF overrides any of them.
DEFAULT_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.session.timeZone": "UTC",
    # Kleene logic and null results for bad dates, whatever the cluster's ANSI default.
    "spark.sql.ansi.enabled": "false",
    "spark.sql.adaptive.enabled": "true",
}


def spark_conf() -> dict[str, str]:
    """The configuration a session is built with: defaults, the JDBC jar, QSTRONG_SPARK_CONF."""
    conf = dict(DEFAULT_CONF)
    jar = Path(settings.QSTRONG_SPARK_JDBC_JAR) if settings.QSTRONG_SPARK_JDBC_JAR else None
    if jar is not None and jar.is_file():
        # Shipped to the executors; on the driver's class path from its start (the JDBC reader
        # looks the driver up there).
        conf["spark.jars"] = str(jar)
        conf["spark.driver.extraClassPath"] = str(jar)
    for item in settings.QSTRONG_SPARK_CONF:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"QSTRONG_SPARK_CONF: {item!r} is not key=value")
        conf[key.strip()] = value.strip()
    return conf


def jdbc_driver_available() -> bool:
    return "spark.jars" in spark_conf()


def spark_session() -> SparkSession:
    """The process's session for QSTRONG_SPARK_MASTER (a session for another master is stopped
    and replaced: the standalone-cluster test and the benchmark switch between the two)."""
    from pyspark.sql import SparkSession

    master = settings.QSTRONG_SPARK_MASTER
    active = SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master != master:
        active.stop()
    # Executors that need Python (none do for compiled columns) use this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("qstrong-match")
    for key, value in spark_conf().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.WARNING)
    return session


def spark_stop() -> None:
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
