"""Conversion: dumps of pages in, records and an error report out.

This layer sits on the parsing core (``reviewparse._core``) and below the
command line (``reviewparse._cli``); the Dask engine (``reviewparse.dask``)
uses the same sources, page step and outputs. Nothing here imports the
command line, and importing this package imports nothing else.
"""
