"""The Dask engine's parts below ``reviewparse.dask``: the plan and the readers.

``plan`` lists a dump through fsspec on the client and cuts it into partitions;
``read`` reads one partition on a worker with the local engine's readers
(``reviewparse._convert.sources``). ``reviewparse.dask`` is the public module
that builds bags from them and writes the dataset.
"""
