"""Archives and datasets: stories held as JSON lines, CSV or Parquet records.

``newslint normalize`` streams records through the fixer in chunks and writes
them in input order; ``newslint check`` on a dataset reports findings per
record. One idea per module:

- ``formats``: which format a path holds, input expansion, optional extras
- ``story``: the text fields of a record as stories, and the fixed text back
- ``records``: the immutable records and chunks that flow through a job
- ``jsonl``, ``csvfile``, ``parquetfile``: a reader and a writer per format
- ``work``: the worker side, fixing or checking a batch of records
- ``engines`` and ``dask_engine``: where batches run (processes or Dask)
- ``resume``: the temporary output, checkpoints and ``--resume``
- ``progress`` and ``summary``: what the user sees while and after it runs
- ``normalize``: the job; ``check``: per-record reports; ``command``: the CLI
"""
