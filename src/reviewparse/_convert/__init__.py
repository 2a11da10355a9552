"""Conversion: dumps of pages in, records and an error report out.

This layer sits on the parsing core (``reviewparse._core``) and below the
command line (``reviewparse._cli``); the Dask engine (``reviewparse.dask``)
uses the same sources, page step and outputs. Nothing here imports the
command line, and importing this package imports nothing else.

A page's way through a run, module by module:

* ``sources`` read the dump, one page at a time (``SourcePage``);
* ``chunks`` cut the pages into chunks, and ``pool`` hands them to workers;
* ``pages`` turn each page into an ``Outcome``: its prepared record and its
  ``PageError`` (``page_errors``), if any;
* ``run`` writes the records with a writer from ``outputs``, the errors with
  ``errorlog``, and saves ``checkpoints`` for ``--resume``; ``progress`` shows it.

``check`` runs the same chunks through the round trips instead. ``sizes``,
``usage`` and ``pickling`` are the small shared pieces.
"""
