"""One local Spark session for the Spark tests (pyspark local mode, Java from Debian).

The tests are marked `spark` (run them alone with `pytest -m spark`, leave them out with
`-m "not spark"`) and grouped on one xdist worker, so the suite starts one JVM. Ports come from
QSTRONG_TEST_SPARK_PORT (default 8350: the driver 8350, block managers from 8355, the
standalone cluster from 8370), all on 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

PORT = int(os.environ.get("QSTRONG_TEST_SPARK_PORT", "8350"))


def spark_test_conf(*, master_port: int | None = None) -> list[str]:
    """QSTRONG_SPARK_CONF for the tests: loopback only, fixed ports, small and quick."""
    return [
        "spark.driver.host=127.0.0.1",
        "spark.driver.bindAddress=127.0.0.1",
        f"spark.driver.port={PORT}",
        f"spark.blockManager.port={PORT + 5}",
        "spark.port.maxRetries=8",
        "spark.driver.memory=1g",
        "spark.sql.shuffle.partitions=2",
        "spark.default.parallelism=2",
        "spark.sql.codegen.wholeStage=true",
        *(["spark.cores.max=2", "spark.executor.memory=512m"] if master_port else []),
    ]


@pytest.fixture(scope="session")
def spark_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    values = {
        "QSTRONG_SPARK_MASTER": "local[2]",
        "QSTRONG_SPARK_CONF": spark_test_conf(),
        "QSTRONG_SPARK_EXCHANGE_DIR": str(tmp_path_factory.mktemp("spark-exchange")),
    }
    with override_settings(**values):
        yield values


@pytest.fixture(scope="session")
def spark(spark_settings: dict[str, Any]) -> Iterator[Any]:
    from qstrong.policies.matching.spark_session import spark_session, spark_stop

    session = spark_session()
    yield session
    spark_stop()


@pytest.fixture
def spark_local(spark: Any, spark_settings: dict[str, Any]) -> Iterator[Any]:
    """The local session, made again if a test before switched to a cluster."""
    from qstrong.policies.matching.spark_session import spark_session

    with override_settings(**spark_settings):
        yield spark_session()


def parquet_of(frame: Any, directory: Path, spark: Any) -> Any:
    """A profile frame (SCHEMA) as a Spark table, through Parquet: no Python workers, and with
    the schema given no job to infer it."""
    from qstrong.policies.rules.compiling_spark import SPARK_SCHEMA

    path = directory / f"frame-{len(list(directory.iterdir()))}.parquet"
    frame.write_parquet(path)
    return spark.read.schema(SPARK_SCHEMA).parquet(path.as_uri())
