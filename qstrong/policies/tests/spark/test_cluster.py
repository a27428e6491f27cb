"""A Spark standalone cluster, one master and two workers on 127.0.0.1, started by the test.

The master and the workers are pyspark's own (bin/spark-class); the run reads PostgreSQL over
JDBC from the executors (or the Parquet export on SQLite) and stores what Polars stores.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from qstrong.nqi.demo import load_demo as nqi_demo
from qstrong.policies.demo import load_demo
from qstrong.policies.matching import match_run
from qstrong.policies.matching.spark_cluster import standalone_cluster
from qstrong.policies.matching.spark_session import spark_session, spark_stop
from qstrong.policies.tests.spark.conftest import PORT, spark_test_conf
from qstrong.policies.tests.spark.test_match_spark import content, counts, forget_results, pushes
from qstrong.policies.tests.spark.test_match_spark import stored as stored_results
from qstrong.registry.demo.loader import chains_load, enterprises_load, towns_load

pytestmark = [
    pytest.mark.spark,
    pytest.mark.xdist_group("spark"),
    pytest.mark.django_db(transaction=True),
]
MASTER_PORT = PORT + 20  # its web UI next; the workers' ports and web UIs after it


@pytest.fixture
def cluster(tmp_path: Path, spark_settings: dict[str, Any]) -> Iterator[str]:
    """spark://127.0.0.1:<port> with two workers of one core each; stopped afterwards."""
    spark_stop()  # the local session goes; spark_local makes it again for later tests
    try:
        with standalone_cluster(port=MASTER_PORT, workdir=tmp_path) as master:
            yield master
    finally:
        spark_stop()


def test_a_run_on_a_standalone_cluster_equals_the_polars_run(cluster: str) -> None:
    # given the article's enterprises, their register records and the demo policies, matched
    # and pushed by Polars
    chains_load()
    towns_load()
    enterprises_load()
    nqi_demo(say=lambda text: None)
    with override_settings(QSTRONG_MATCH_ENGINE="polars"):
        load_demo(say=lambda text: None)
    before, polars_pushes = stored_results(), pushes()
    assert before and polars_pushes
    # when the results are forgotten and the cluster runs the match
    forget_results()
    with override_settings(
        QSTRONG_SPARK_MASTER=cluster, QSTRONG_SPARK_CONF=spark_test_conf(master_port=MASTER_PORT)
    ):
        session = spark_session()
        assert session.sparkContext.master == cluster
        run = match_run(engine="spark", push=True)
        # two executors, one on each worker, beside the driver
        assert session.sparkContext._jsc.sc().getExecutorMemoryStatus().size() == 3
    # then the same pairs are stored and the same pushes sent
    assert content(stored_results()) == content(before)
    assert pushes() == polars_pushes
    assert counts(run)[4] > 0
